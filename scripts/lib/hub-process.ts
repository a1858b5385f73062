// The embedded hub as a background process for `npm start`: started once, left running, stopped by
// `npm run hub:stop`. Its pid and log live under .hubjobs/ (git-ignored).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { configDefaults } from "../../src/config/read-config.ts";
import { hubjobsDir } from "./dev-env.ts";
import { repoRoot } from "./pulumi-env.ts";

/** Where the dev stack looks for the embedded hub (hubjobs:emulatorUrl's default). */
export const HUB_URL: string = configDefaults.emulatorUrl;
export const hubPidFile = path.join(hubjobsDir, "hub.pid");
export const hubLogFile = path.join(hubjobsDir, "hub.log");

/** True when something answers HTTP at the hub's address (any status: an unauthenticated request gets 401). */
export async function hubAnswers(url: string = HUB_URL): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

function recordedPid(): number | undefined {
  if (!existsSync(hubPidFile)) return undefined;
  const pid = Number(readFileSync(hubPidFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined; // stale pid file: that process is gone
  }
}

export type HubStart = { started: boolean; pid?: number };

/** Starts `hubjobs hub` in the background unless a hub already answers; waits until it does. */
export async function ensureHubRunning(): Promise<HubStart> {
  if (await hubAnswers()) return { started: false, ...(recordedPid() ? { pid: recordedPid() } : {}) };
  mkdirSync(hubjobsDir, { recursive: true });
  const log = openSync(hubLogFile, "a");
  const child = spawn(process.execPath, [path.join(repoRoot, "bin", "hubjobs.js"), "hub"], {
    cwd: repoRoot,
    detached: true,
    stdio: ["ignore", log, log],
  });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start the embedded hub; see ${hubLogFile}`);
  writeFileSync(hubPidFile, `${child.pid}\n`);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await hubAnswers()) return { started: true, pid: child.pid };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the embedded hub did not come up at ${HUB_URL}; see ${hubLogFile}`);
}

/** Stops the hub started by ensureHubRunning. Returns false when none was running. */
export async function stopHub(): Promise<boolean> {
  const pid = recordedPid();
  rmSync(hubPidFile, { force: true });
  if (pid === undefined) return false;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(pid, "SIGKILL");
  return true;
}
