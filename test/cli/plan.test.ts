import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifests } from "../../src/manifest/index.ts";
import { runCli } from "./validate-harness.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "hubjobs-plan-"));
  writeFileSync(path.join(dir, "bad.yaml"), "apiVersion: hubjobs/v1\nkind: DeviceMethodJob\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("hubjobs plan", () => {
  it("shows each job's id, kind, target, action, schedule and completion rules", async () => {
    const { manifests } = await loadManifests([], { cwd: REPO });
    const run = await runCli(["plan"], { cwd: REPO });
    expect(run.code).toBe(0);
    for (const { job, file } of manifests) {
      const block = run.stdout.slice(run.stdout.indexOf(`${job.name}  (${file})`));
      expect(block).toMatch(new RegExp(`job id +${job.jobId}`));
      expect(block).toMatch(new RegExp(`kind +${job.kind}`));
      expect(block).toContain(job.request.queryCondition === "*" ? "* (all devices)" : job.request.queryCondition);
    }
    const lockDoor = run.stdout.slice(run.stdout.indexOf("lock-doors-device-1  ("));
    expect(lockDoor).toMatch(/method +LockDoor\(null\), response timeout 5s, connect timeout 5s/);
    expect(lockDoor).toMatch(/schedule +starts when applied, runs at most 2m/);
    expect(lockDoor).toMatch(/completion +wait up to 3m; fail if any device fails/);
  });

  it("--json prints the compiled requests and completion rules for tools", async () => {
    const { manifests } = await loadManifests([], { cwd: REPO });
    const run = await runCli(["plan", "--json"], { cwd: REPO });
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as { ok: boolean; jobs: { name: string; jobId: string; request: unknown; completion: unknown }[]; problems: unknown[] };
    expect(plan.ok).toBe(true);
    expect(plan.problems).toEqual([]);
    expect(plan.jobs.map((j) => [j.name, j.jobId, j.request, j.completion])).toEqual(
      manifests.map((m) => [m.job.name, m.job.jobId, m.job.request, m.job.completion]),
    );
  });

  it("exits 1 with the problems and no plan when a manifest is invalid", async () => {
    const run = await runCli(["plan", "bad.yaml"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^bad\.yaml:1:1: error E_SCHEMA_REQUIRED: /m);
    expect(run.stdout).not.toContain("job id");
  });

  it("--json keeps stdout pure JSON when a manifest is invalid, problems also on stderr", async () => {
    const run = await runCli(["plan", "--json", "bad.yaml"], { cwd: dir });
    expect(run.code).toBe(1);
    const plan = JSON.parse(run.stdout) as { ok: boolean; problems: { code: string; line: number; column: number }[] };
    expect(plan.ok).toBe(false);
    expect(plan.problems.map((p) => `${p.code} ${p.line}:${p.column}`)).toEqual(["E_SCHEMA_REQUIRED 1:1", "E_SCHEMA_REQUIRED 1:1"]);
    expect(run.stderr).toMatch(/^bad\.yaml:1:1: error E_SCHEMA_REQUIRED: /m);
  });

  it("exits 2 on usage errors and 0 on --help", async () => {
    expect((await runCli(["plan", "--jsn"], { cwd: dir })).code).toBe(2);
    const help = await runCli(["plan", "--help"], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: hubjobs plan");
  });
});
