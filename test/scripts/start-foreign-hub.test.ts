// Issue 16, item 2: `npm start` in a second clone finds the first clone's hub on its port. It must
// not adopt it (it has no admin key for it, so `pulumi up` would fail halfway): it says whose hub it
// is, how to stop it, and how to give this clone a port of its own, and runs nothing.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../src/config/pulumi-env.ts";
import { methodJob, skipReason } from "../e2e/harness.ts";
import { expectNoStackTrace } from "../e2e/user-output.ts";
import { TempClone } from "./clone.ts";

/** The first clone's hub: `hubjobs hub` as its own process, serving that clone's .hubjobs/emulator. */
async function startForeignHub(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const node = path.join(repoRoot, "node_modules", ".bin", "node");
  const exitWithTest = path.join(import.meta.dirname, "exit-with-test.ts");
  const child = spawn(node, ["--import", exitWithTest, path.join(repoRoot, "bin", "hubjobs.js"), "hub", "--port", "0", "--data-dir", dataDir, "--quiet"], {
    cwd: repoRoot,
    env: { ...process.env, HUBJOBS_ADMIN_KEY: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`the foreign hub exited (${code}) before listening:\n${out}`)));
  });
  return { child, url };
}

describe("npm start with another clone's hub on the port", () => {
  let firstClone: string;
  let foreign: { child: ChildProcess; url: string };
  let clone: TempClone;

  beforeAll(async () => {
    firstClone = mkdtempSync(path.join(tmpdir(), "hubjobs-first-clone-"));
    foreign = await startForeignHub(path.join(firstClone, ".hubjobs", "emulator"));
    clone = new TempClone(foreign.url, { "lock.yaml": methodJob("lock-one", { deviceIds: ["Device-1"] }) });
  });

  afterAll(async () => {
    foreign?.child.kill("SIGTERM");
    // The hub npm start leaves running in the background, when the last test got that far.
    if (clone) await clone.script("hub-stop.ts");
    clone?.dispose();
    if (firstClone) rmSync(firstClone, { recursive: true, force: true, maxRetries: 3 });
  });

  it("without an admin key: names the other clone's data directory and pid, how to stop it, another port; runs nothing", async () => {
    const result = await clone.script("start.ts");
    expect(result.code, result.output).toBe(1);
    expectNoStackTrace(result.output);
    const dataDir = path.join(firstClone, ".hubjobs", "emulator");
    expect(result.output).toContain(`npm start: the hub at ${foreign.url} is not this clone's: it serves the data directory ${dataDir} (pid ${foreign.child.pid})`);
    expect(result.output).toContain("this clone has no admin key for it");
    expect(result.output).toContain(`\`npm run hub:stop\` in ${firstClone}, or \`kill ${foreign.child.pid}\``);
    expect(result.output).toMatch(/set `hubjobs:emulatorUrl: http:\/\/127\.0\.0\.1:\d+` in Pulumi\.dev\.yaml/);
    expect(result.output).not.toContain("Using the hub");
    // Nothing of Pulumi ran: no stack was selected, no state written.
    expect(existsSync(clone.stateDir)).toBe(false);
  });

  it("npm run hub:stop in this clone leaves the other clone's hub running and says whose it is", async () => {
    const result = await clone.script("hub-stop.ts");
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`No embedded hub started by this clone's npm start is running; the hub at ${foreign.url} is another one (pid ${foreign.child.pid}, data in ${path.join(firstClone, ".hubjobs", "emulator")})`);
    expect(foreign.child.exitCode).toBeNull();
  });

  it("with an admin key of its own that the hub refuses: says so, naming the key file", async () => {
    mkdirSync(clone.dataDir, { recursive: true });
    writeFileSync(path.join(clone.dataDir, "admin-key"), "this-clones-own-key\n");
    const result = await clone.script("start.ts");
    expect(result.code, result.output).toBe(1);
    expectNoStackTrace(result.output);
    expect(result.output).toContain(`this clone's admin key (${path.join(clone.dataDir, "admin-key")}) does not open it`);
    expect(existsSync(clone.stateDir)).toBe(false);
  });

  it.skipIf(skipReason !== undefined)("the way on it offers works: with the suggested port in Pulumi.dev.yaml, npm start runs this clone's own hub and jobs", async () => {
    const refused = await clone.script("start.ts");
    const suggested = /set `hubjobs:emulatorUrl: (http:\/\/127\.0\.0\.1:\d+)` in Pulumi\.dev\.yaml/.exec(refused.output)?.[1];
    expect(suggested, refused.output).toBeDefined();
    const stackFile = path.join(clone.dir, "Pulumi.dev.yaml");
    writeFileSync(stackFile, readFileSync(stackFile, "utf8").replace(/(hubjobs:emulatorUrl:).*/, `$1 ${suggested}`));
    const result = await clone.script("start.ts");
    expect(result.code, result.output).toBe(0);
    expectNoStackTrace(result.output);
    expect(result.output).toContain(`Started the embedded hub at ${suggested}`);
    expect(result.output).toMatch(/lock-one\s+completed\s+succeeded\s+1\/1 succeeded/);
    expect(result.output).toContain(`The embedded hub keeps running at ${suggested}; stop it with: npm run hub:stop`);
    // This clone's hub serves this clone's data directory; the first clone's hub is untouched.
    const identity = (await (await fetch(`${suggested}/_emulator/identity`)).json()) as { dataDir: string };
    expect(identity.dataDir).toBe(clone.dataDir);
    expect(foreign.child.exitCode).toBeNull();
    const stopped = await clone.script("hub-stop.ts");
    expect(stopped.output).toContain(`Stopped the embedded hub at ${suggested}`);
  }, 180_000);
});
