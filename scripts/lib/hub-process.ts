// The embedded hub as a background process for `npm start`: started once, left running, stopped by
// `npm run hub:stop`. Its pid and log live under .hubjobs/ (git-ignored). It listens where the dev
// stack expects it (hubjobs:emulatorUrl in Pulumi.dev.yaml) and keeps its data where the stack
// reads the admin key (hubjobs:emulatorDataDir).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { devHubSettings, type DevHubSettings } from "./dev-stack-config.ts";
import { hubjobsDir } from "./dev-env.ts";
import { cloneRoot } from "./clone-root.ts";
import { UserError } from "./user-error.ts";

/** Where the dev stack looks for the embedded hub (hubjobs:emulatorUrl in Pulumi.dev.yaml). */
export const HUB_URL: string = devHubSettings().url;
export const hubPidFile = path.join(hubjobsDir, "hub.pid");
export const hubLogFile = path.join(hubjobsDir, "hub.log");

/** True when something answers HTTP at the hub's address (any status: an unauthenticated request gets 401). */
export async function hubAnswers(url: string = HUB_URL): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
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

/** `hubjobs hub` options that put the hub where the dev stack expects it; undefined for an address this machine cannot serve. */
function hubArgs(settings: DevHubSettings): string[] | undefined {
  const url = new URL(settings.url);
  if (url.protocol !== "http:" || !["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) return undefined;
  return ["--host", url.hostname.replace(/^\[(.*)\]$/, "$1"), "--port", url.port || "80", "--data-dir", settings.dataDir];
}

/** The last lines of the hub's log: why it did not come up (a port in use, a bad fleet file). */
function logTail(lines = 5): string {
  if (!existsSync(hubLogFile)) return "";
  const tail = readFileSync(hubLogFile, "utf8").trimEnd().split("\n").slice(-lines);
  return tail.map((line) => `\n  ${line}`).join("");
}

export type HubStart = { started: boolean; pid?: number };

/** Starts `hubjobs hub` in the background unless a hub already answers; waits until it does. */
export async function ensureHubRunning(settings: DevHubSettings = devHubSettings()): Promise<HubStart> {
  if (await hubAnswers(settings.url)) return { started: false, ...(recordedPid() ? { pid: recordedPid() } : {}) };
  const args = hubArgs(settings);
  if (!args) throw new UserError(`no hub answers at ${settings.url} (hubjobs:emulatorUrl in Pulumi.dev.yaml), and npm start only starts one on this machine's http://127.0.0.1:<port>: start that hub, or point hubjobs:emulatorUrl at http://127.0.0.1:4300`);
  mkdirSync(hubjobsDir, { recursive: true });
  const log = openSync(hubLogFile, "a");
  const child = spawn(process.execPath, [path.join(cloneRoot, "bin", "hubjobs.js"), "hub", ...args], {
    cwd: cloneRoot,
    detached: true,
    stdio: ["ignore", log, log],
  });
  child.unref();
  if (child.pid === undefined) throw new UserError(`could not start the embedded hub; see ${hubLogFile}`);
  writeFileSync(hubPidFile, `${child.pid}\n`);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await hubAnswers(settings.url)) return { started: true, pid: child.pid };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new UserError(`the embedded hub did not come up at ${settings.url}; the end of ${hubLogFile}:${logTail()}`);
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
