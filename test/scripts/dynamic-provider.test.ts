// The dynamic-provider plugin the engine starts (scripts/dynamic-provider.ts) ends with its parent,
// even when it never received a request: an engine killed or failed before its first call left such
// providers behind as orphans. Here a shell plays the engine, and only the shell is killed.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../src/config/pulumi-env.ts";

const node = path.join(repoRoot, "node_modules/.bin/node");
const launcher = path.join(repoRoot, "scripts/dynamic-provider.ts");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Alive and not a zombie (a zombie has ended; only its parent's wait is missing). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "latin1"));
  } catch {
    return false;
  }
}

describe("the dynamic-provider plugin", () => {
  it("starts Pulumi's provider host, and ends within seconds of its parent, without any request", async () => {
    const engine = spawn("sh", ["-c", `"${node}" "${launcher}" 127.0.0.1:1 & echo "pid $!"; exec sleep 120`], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    engine.stdout.on("data", (chunk: Buffer) => (out += chunk));
    // The provider host prints the port it serves on once it has started.
    for (let i = 0; i < 300 && !/pid \d+\n\d+\n/.test(out); i++) await sleep(50);
    const pid = Number(/pid (\d+)/.exec(out)?.[1]);
    try {
      expect(out).toMatch(/pid \d+\n\d+\n/);
      expect(isRunning(pid)).toBe(true);
      engine.kill("SIGKILL");
      for (let i = 0; i < 100 && isRunning(pid); i++) await sleep(50);
      expect(isRunning(pid)).toBe(false);
    } finally {
      if (isRunning(pid)) process.kill(pid, "SIGKILL");
    }
  });
});
