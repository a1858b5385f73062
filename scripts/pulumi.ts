// `npm run pulumi -- <args>`: the real Pulumi CLI with the offline settings (local file backend under
// .hubjobs/state, passphrase secrets, no update check, no plugin downloads), e.g.
//   npm run pulumi -- preview --stack dev
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { devEnv, ensurePulumi } from "./lib/dev-env.ts";
import { DEV_STACK, projectName } from "./lib/dev-stack-config.ts";
import { cloneRoot } from "./lib/clone-root.ts";
import { lockMessage } from "./lib/stack-lock-message.ts";
import { localBackendDir, stackLocks } from "./lib/stack-locks.ts";
import { reportUserErrors } from "./lib/user-error.ts";

reportUserErrors("npm run pulumi");
const args = process.argv.slice(2);
const binDir = ensurePulumi();
const env = devEnv(binDir);
const result = spawnSync(path.join(binDir, "pulumi"), args, { cwd: cloneRoot, env, stdio: "inherit" });
if (result.error) {
  console.error(`npm run pulumi: cannot run ${path.join(binDir, "pulumi")}: ${result.error.message}`);
  process.exit(1);
}
// Pulumi says only that the stack is locked; say whether its holder still runs, and how to release it.
if (result.status !== 0 && args[0] !== "cancel") {
  const backendDir = localBackendDir(env.PULUMI_BACKEND_URL);
  const stack = stackArg(args) ?? DEV_STACK;
  const note = backendDir ? lockMessage(stack, stackLocks(backendDir, projectName(), stack), "the command") : undefined;
  if (note) console.error(`\nnpm run pulumi: ${note}`);
}
process.exit(result.status ?? 1);

/** The value of --stack / -s, in any of its spellings. */
function stackArg(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    const inline = /^(?:--stack|-s)=(.+)$/.exec(arg);
    if (inline) return inline[1];
    if (arg === "--stack" || arg === "-s") return argv[i + 1];
  }
  return undefined;
}
