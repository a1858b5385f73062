// `npm start` (after scripts/start.sh installed what was missing): runs the jobs in jobs/ on the
// embedded hub with the real Pulumi engine, then prints each job's outcome.
//   1. starts the embedded hub in the background unless one answers at 127.0.0.1:4300 (left running);
//   2. selects or creates the `dev` stack on the local file backend under .hubjobs/state;
//   3. `pulumi up --yes`; 4. prints the `jobs` stack output as one line per job.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import * as path from "node:path";
import { devEnv, ensurePulumi } from "./lib/dev-env.ts";
import { ensureHubRunning, HUB_URL, hubLogFile } from "./lib/hub-process.ts";
import { formatJobOutcomes, unfinishedNote, type JobOutput } from "./lib/job-outcomes.ts";
import { repoRoot } from "./lib/pulumi-env.ts";

const STACK = "dev";

const binDir = ensurePulumi();
const pulumi = path.join(binDir, "pulumi");
const env = devEnv(binDir);
const run = (args: string[], options: SpawnSyncOptions = {}) =>
  spawnSync(pulumi, args, { cwd: repoRoot, env, stdio: "inherit", ...options });

const hub = await ensureHubRunning();
console.log(hub.started ? `Started the embedded hub at ${HUB_URL} (log: ${hubLogFile})` : `Using the hub already running at ${HUB_URL}`);

const select = run(["stack", "select", STACK, "--create", "--secrets-provider", "passphrase"]);
if (select.status !== 0) process.exit(select.status ?? 1);

const up = run(["up", "--yes", "--stack", STACK]);

const outputs = run(["stack", "output", "jobs", "--json", "--stack", STACK], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
if (outputs.status === 0 && typeof outputs.stdout === "string" && outputs.stdout.trim()) {
  const jobs = JSON.parse(outputs.stdout) as Record<string, JobOutput>;
  console.log(`\nJobs as \`pulumi up\` left them:\n${formatJobOutcomes(jobs)}`);
  const note = unfinishedNote(jobs);
  if (note) console.log(note);
}
console.log(`\nThe embedded hub keeps running at ${HUB_URL}; stop it with: npm run hub:stop`);
console.log("Preview changes with: npm run pulumi -- preview --stack dev");
process.exit(up.status ?? 1);
