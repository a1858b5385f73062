// Issue 16, item 3: a `pulumi up` killed mid-way leaves its lock in the local file backend, and every
// later update says only "the stack is currently locked". `npm start` says whose lock it is and names
// the command that releases it; it never deletes a lock itself, and a live process's lock is left alone.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockHolder } from "../../scripts/lib/stack-locks.ts";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import { requireEngine, skipReason } from "../e2e/harness.ts";
import { expectNoStackTrace } from "../e2e/user-output.ts";
import { collect, TempClone } from "./clone.ts";

const STEP_TIMEOUT = 180_000;

describe("lockHolder", () => {
  const lock = { file: "x.json", username: "someone", timestamp: "2026-12-06T10:00:00Z" };

  it("another machine's lock: cannot be told from here", () => {
    expect(lockHolder({ ...lock, pid: process.pid, hostname: "some-other-host" }, "this-host")).toBe("elsewhere");
  });

  it("a pid that exists but is not a pulumi (reused after a reboot): the lock's process is gone", () => {
    // This test's own process is node, not pulumi.
    expect(lockHolder({ ...lock, pid: process.pid, hostname: "this-host" }, "this-host")).toBe("gone");
  });
});

/** Waits until `dir` holds a .json file; returns its path. */
async function lockFileIn(dir: string, child: ChildProcess, output: () => string): Promise<string> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const found = existsSync(dir) ? readdirSync(dir).find((name) => name.endsWith(".json")) : undefined;
    if (found) return path.join(dir, found);
    if (child.exitCode !== null) throw new Error(`pulumi up ended before it took the lock:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`pulumi up took no lock within 2 minutes:\n${output()}`);
}

describe.skipIf(skipReason !== undefined)("a stack locked by a killed `pulumi up` (real engine)", () => {
  let binDir: string;
  let hub: RunningHub;
  let clone: TempClone;
  let lockDir: string;
  const stray: ChildProcess[] = [];

  beforeAll(async () => {
    binDir = requireEngine();
    // This clone's own hub, serving its .hubjobs/emulator: npm start must recognise it as its own.
    const port = await freePort();
    clone = new TempClone(`http://127.0.0.1:${port}`);
    hub = await startHub({ port, dataDir: clone.dataDir, hubName: "dev", fleet: path.join(clone.dir, "fleets", "dev.yaml") });
    lockDir = path.join(clone.stateDir, ".pulumi", "locks", "organization", "hubjobs", "dev");
  }, STEP_TIMEOUT);

  afterAll(async () => {
    for (const child of stray) {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) continue;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // ended between the check and the kill
      }
    }
    await hub?.close();
    clone?.dispose();
  });

  it("npm start names the dead process and `npm run pulumi -- cancel --stack dev`, runs nothing and keeps the lock", async () => {
    const env = clone.pulumiEnv(binDir);
    const pulumi = path.join(binDir, "pulumi");
    const select = await collect(pulumi, ["stack", "select", "dev", "--create", "--secrets-provider", "passphrase"], clone.dir, env);
    expect(select.code, select.output).toBe(0);
    // A real `pulumi up`, in a process group of its own so that killing it takes its plugins too.
    const up = spawn(pulumi, ["up", "--yes", "--stack", "dev"], { cwd: clone.dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    stray.push(up);
    let upOutput = "";
    up.stdout.on("data", (chunk: Buffer) => (upOutput += chunk));
    up.stderr.on("data", (chunk: Buffer) => (upOutput += chunk));
    const lockFile = await lockFileIn(lockDir, up, () => upOutput);
    const exited = new Promise((resolve) => up.on("exit", resolve));
    process.kill(-up.pid!, "SIGKILL"); // as a closed laptop or a second Ctrl-C leaves it
    await exited;
    const written = JSON.parse(readFileSync(lockFile, "utf8")) as { pid: number; hostname: string };
    expect(written).toMatchObject({ pid: up.pid, hostname: hostname() });

    const start = await clone.script("start.ts");
    expect(start.code, start.output).toBe(1);
    expectNoStackTrace(start.output);
    expect(start.output).toContain(`Using this clone's hub, already running at ${hub.url} (pid ${process.pid})`);
    expect(start.output).toContain(`npm start: the dev stack is locked by a \`pulumi\` that no longer runs on this machine (pid ${up.pid} of `);
    expect(start.output).toContain("Release it with `npm run pulumi -- cancel --stack dev`, then run npm start again.");
    expect(start.output).not.toMatch(/Updating \(dev\)/);
    expect(existsSync(lockFile), "npm start must never delete a lock").toBe(true);

    // `npm run pulumi -- up` fails on the lock as Pulumi does, then says the same.
    const direct = await clone.script("pulumi.ts", ["up", "--yes", "--stack", "dev"]);
    expect(direct.code, direct.output).not.toBe(0);
    expect(direct.output).toContain("the stack is currently locked");
    expect(direct.output).toContain("npm run pulumi: the dev stack is locked by a `pulumi` that no longer runs on this machine");
    expect(existsSync(lockFile)).toBe(true);

    // The named command releases it.
    const cancel = await clone.script("pulumi.ts", ["cancel", "--stack", "dev", "--yes"]);
    expect(cancel.code, cancel.output).toBe(0);
    expect(existsSync(lockFile)).toBe(false);

    // A lock in the same format held by a process that still runs is never offered for release.
    const live = spawn("bash", ["-c", "exec -a pulumi sleep 60"], { detached: true, stdio: "ignore" });
    stray.push(live);
    await new Promise((resolve) => setTimeout(resolve, 200));
    writeFileSync(lockFile, JSON.stringify({ ...written, pid: live.pid }));
    const waiting = await clone.script("start.ts");
    expect(waiting.code, waiting.output).toBe(1);
    expectNoStackTrace(waiting.output);
    expect(waiting.output).toContain(`npm start: the dev stack is being updated by a \`pulumi\` that still runs on this machine (pid ${live.pid} of `);
    expect(waiting.output).toContain("wait for it to end");
    expect(waiting.output).not.toContain("cancel");
    expect(existsSync(lockFile)).toBe(true);
  }, STEP_TIMEOUT);
});

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
