// The locks a `pulumi up` holds on a stack in the local file backend. Pulumi writes one JSON file
// per running update, {pid, username, hostname, timestamp}, under
// <backend>/.pulumi/locks/organization/<project>/<stack>/ (older backends: locks/<stack>/), and
// deletes it when the update ends. An update that was killed (Ctrl-C twice, a closed laptop) leaves
// it behind and every later update of the stack refuses to start. These functions only read them:
// releasing a lock is the user's call, through `pulumi cancel`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";

export interface StackLock {
  file: string;
  pid: number;
  username: string;
  hostname: string;
  timestamp: string;
}

/** gone: a process of this machine that no longer runs; running: still runs here; elsewhere: another machine's. */
export type LockHolder = "gone" | "running" | "elsewhere";

export function stackLocks(backendDir: string, project: string, stack: string): StackLock[] {
  const locksDir = path.join(backendDir, ".pulumi", "locks");
  const dirs = [path.join(locksDir, "organization", project, stack), path.join(locksDir, stack)];
  return dirs.flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true })
          .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
          .map((entry) => readLock(path.join(dir, entry.name)))
      : [],
  );
}

function readLock(file: string): StackLock {
  const raw = JSON.parse(readFileSync(file, "utf8")) as Partial<StackLock>;
  return { file, pid: Number(raw.pid), username: String(raw.username ?? "?"), hostname: String(raw.hostname ?? ""), timestamp: String(raw.timestamp ?? "") };
}

/** Whether the lock's process still runs. Conservative: a process that might be it counts as running. */
export function lockHolder(lock: StackLock, thisHost: string = hostname()): LockHolder {
  if (lock.hostname !== thisHost) return "elsewhere";
  if (!Number.isInteger(lock.pid) || lock.pid <= 0) return "running";
  try {
    process.kill(lock.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return "gone";
    return "running"; // EPERM: it exists, another user's
  }
  // The pid exists, but after a reboot it may be some other program's: only a pulumi process can hold the lock.
  const cmdline = path.join("/proc", String(lock.pid), "cmdline");
  if (existsSync(cmdline)) {
    const program = readFileSync(cmdline, "utf8").split("\0")[0] ?? "";
    if (!path.basename(program).includes("pulumi")) return "gone";
  }
  return "running";
}

/** The directory of a local file backend (`file://<dir>`), or undefined for any other backend. */
export function localBackendDir(backendUrl: string | undefined): string | undefined {
  return backendUrl?.startsWith("file://") ? backendUrl.slice("file://".length) : undefined;
}
