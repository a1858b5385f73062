import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./validate-harness.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
let dir: string;

const INVALID = `apiVersion: hubjobs/v1
kind: DeviceMethodJob
metadata:
  name: bad, job
spec:
  target: { deviceIds: [Device-1] }
  method:
    name: LockDoor
    responseTimeout: 2s
`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "hubjobs-cli-"));
  writeFileSync(path.join(dir, "bad.yaml"), INVALID);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("hubjobs validate", () => {
  it("exits 0 on the examples in jobs/ (the default path)", async () => {
    const run = await runCli(["validate"], { cwd: REPO });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/ error /);
    expect(run.stderr).toBe("");
  });

  it("exits 1 and prints one `file:line:col: severity CODE: message` line per problem", async () => {
    const run = await runCli(["validate", "bad.yaml"], { cwd: dir });
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n").filter((l) => /^bad\.yaml:/.test(l));
    const format = /^(\S+:\d+:\d+: (?:error|warning) E_[A-Z_]+): \S/;
    expect(lines.every((l) => format.test(l))).toBe(true);
    expect(lines.map((l) => format.exec(l)![1])).toEqual([
      "bad.yaml:4:9: error E_SCHEMA_PATTERN",
      "bad.yaml:9:22: error E_DURATION_RANGE",
    ]);
    expect(run.stdout).not.toContain("::error");
  });

  it("adds GitHub annotations under GitHub Actions, escaping what workflow commands reserve", async () => {
    const run = await runCli(["validate", "bad.yaml"], { cwd: dir, env: { GITHUB_ACTIONS: "true" } });
    expect(run.code).toBe(1);
    const annotations = run.stdout.split("\n").filter((l) => l.startsWith("::"));
    expect(annotations).toHaveLength(2);
    expect(annotations[0]).toMatch(/^::error file=bad\.yaml,line=4,col=9,title=E_SCHEMA_PATTERN::\S/);
    expect(annotations[1]).toMatch(/^::error file=bad\.yaml,line=9,col=22,title=E_DURATION_RANGE::/);
    // Data may hold ':' and ','; only %, CR and LF are escaped there.
    expect(annotations.join("\n")).not.toMatch(/\r|%(?!25|0D|0A)/);
  });

  it("exits 2 on an unknown option, with the usage on stderr", async () => {
    const run = await runCli(["validate", "--frobnicate"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Usage: hubjobs validate");
  });

  it("exits 1 on a missing path", async () => {
    const run = await runCli(["validate", "nope"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^nope: error E_PATH_NOT_FOUND: /m);
  });

  it("shows its help with --help and exits 0", async () => {
    const run = await runCli(["validate", "--help"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: hubjobs validate");
  });
});

describe("hubjobs (dispatcher)", () => {
  it("lists every command in its help", async () => {
    const run = await runCli(["--help"], { cwd: dir });
    expect(run.code).toBe(0);
    for (const command of ["validate", "plan", "hub", "status"]) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
  });

  it("exits 2 on no command or an unknown one", async () => {
    expect((await runCli([], { cwd: dir })).code).toBe(2);
    const unknown = await runCli(["frobnicate"], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it("passes `help <command>` on as `<command> --help`", async () => {
    const run = await runCli(["help", "plan"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: hubjobs plan");
  });

  it("runs as bin/hubjobs.js in a real process with the exit code of the command", () => {
    const bin = path.join(REPO, "bin", "hubjobs.js");
    const env = { ...process.env, GITHUB_ACTIONS: "" };
    const bad = spawnSync(process.execPath, [bin, "validate", "bad.yaml"], { cwd: dir, encoding: "utf8", env });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^bad\.yaml:9:22: error E_DURATION_RANGE: /m);
    const good = spawnSync(process.execPath, [bin, "validate"], { cwd: REPO, encoding: "utf8", env });
    expect(good.stderr).toBe("");
    expect(good.status).toBe(0);
  });
});
