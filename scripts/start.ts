// `npm start` (after scripts/start.sh installed what was missing): runs the jobs in jobs/ on the
// embedded hub with the real Pulumi engine, then prints each job's outcome.
//   1. starts the embedded hub in the background unless one answers where the dev stack expects it
//      (hubjobs:emulatorUrl, 127.0.0.1:4300; left running); one there that is not this clone's
//      stops it, saying whose hub it is and how to stop it;
//   2. selects or creates the `dev` stack on the local file backend under .hubjobs/state, and stops
//      on a lock a killed update left, naming the command that releases it;
//   3. `pulumi up --yes`; 4. prints one line per job of the stack, live from the hub (lib/job-outcomes.ts).
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import * as path from "node:path";
import { devEnv, ensurePulumi } from "./lib/dev-env.ts";
import { DEV_STACK, devHubSettings, projectName } from "./lib/dev-stack-config.ts";
import { foreignHubMessage, freePortAfter } from "./lib/foreign-hub.ts";
import { hubOwnership, usingHubLine } from "./lib/hub-ownership.ts";
import { ensureHubRunning, HUB_URL, hubLogFile } from "./lib/hub-process.ts";
import { jobSummary, type SummaryOutputs } from "./lib/job-outcomes.ts";
import { cloneRoot } from "./lib/clone-root.ts";
import { lockMessage } from "./lib/stack-lock-message.ts";
import { localBackendDir, stackLocks } from "./lib/stack-locks.ts";
import { reportUserErrors, UserError } from "./lib/user-error.ts";

const STACK = DEV_STACK;
// Expected failures are one clean paragraph with the way out, printed before Pulumi runs; never a
// stack trace, never a failure later in the middle of Pulumi's output.
reportUserErrors("npm start");
const fail = (message: string): never => {
  console.error(`npm start: ${message}`);
  process.exit(1);
};

// The hub first: a hub on the port that is not this clone's stops everything before Pulumi runs.
const settings = devHubSettings();
const hub = await ensureHubRunning(settings);
if (hub.started) {
  console.log(`Started the embedded hub at ${settings.url} (log: ${hubLogFile})`);
} else {
  const ownership = await hubOwnership(settings);
  if (!ownership.usable) fail(foreignHubMessage(settings, ownership, await freePortAfter(Number(new URL(settings.url).port || 80))));
  else console.log(usingHubLine(settings.url, ownership));
}

const binDir = ensurePulumi();
const pulumi = path.join(binDir, "pulumi");
const env = devEnv(binDir);
const run = (args: string[], options: SpawnSyncOptions = {}) => {
  const result = spawnSync(pulumi, args, { cwd: cloneRoot, env, stdio: "inherit", ...options });
  if (result.error) throw new UserError(`cannot run ${pulumi}: ${result.error.message}`);
  return result;
};

const select = run(["stack", "select", STACK, "--create", "--secrets-provider", "passphrase"]);
if (select.status !== 0) process.exit(select.status ?? 1);

// A lock left by a killed `pulumi up` would make up fail with only "the stack is currently locked".
const backendDir = localBackendDir(env.PULUMI_BACKEND_URL);
const locked = backendDir ? lockMessage(STACK, stackLocks(backendDir, projectName(), STACK), "npm start") : undefined;
if (locked) fail(locked);

const up = run(["up", "--yes", "--stack", STACK]);

// The stack names the jobs, their rules and the hub (its key is a secret: read, never printed).
const outputs = run(["stack", "output", "--json", "--show-secrets", "--stack", STACK], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
if (outputs.status === 0 && typeof outputs.stdout === "string" && outputs.stdout.trim()) {
  console.log(`\n${await jobSummary(JSON.parse(outputs.stdout) as SummaryOutputs)}`);
}
console.log(`\nThe embedded hub keeps running at ${HUB_URL}; stop it with: npm run hub:stop`);
console.log("Preview changes with: npm run pulumi -- preview --stack dev");
process.exit(up.status ?? 1);
