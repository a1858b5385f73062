// `npm run pulumi -- <args>`: the real Pulumi CLI with the offline settings (local file backend under
// .hubjobs/state, passphrase secrets, no update check, no plugin downloads), e.g.
//   npm run pulumi -- preview --stack dev
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { devEnv, ensurePulumi } from "./lib/dev-env.ts";
import { repoRoot } from "./lib/pulumi-env.ts";

const binDir = ensurePulumi();
const result = spawnSync(path.join(binDir, "pulumi"), process.argv.slice(2), {
  cwd: repoRoot,
  env: devEnv(binDir),
  stdio: "inherit",
});
if (result.error) {
  console.error(`pulumi: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
