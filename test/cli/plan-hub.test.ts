// `hubjobs plan --hub`: the plan also shows how many devices each job touches on a live hub.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import { auditBuilding43Manifest, building43Fleet } from "../fixtures/building-43.ts";
import { runCli } from "./validate-harness.ts";

let hub: RunningHub;
let dir: string;

beforeAll(async () => {
  hub = await startHub({ port: 0, tier: "S1", fleet: building43Fleet });
  dir = mkdtempSync(path.join(tmpdir(), "hubjobs-plan-hub-"));
  writeFileSync(path.join(dir, "job.yaml"), auditBuilding43Manifest);
});
afterAll(async () => {
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("hubjobs plan --hub", () => {
  it("prints the devices each job touches now, and how many are offline", async () => {
    const run = await runCli(["plan", "job.yaml", "--hub", hub.connectionString, "--endpoint", hub.url, "--tier", "S1"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("audit-building-43: this job touches 2 devices");
    expect(run.stdout).toMatch(/1 (of them )?offline|offline: 1/);
    // A job without a rollout is a single wave: its least duration at the tier's job rate.
    expect(run.stdout).toContain("; takes at least 1 s at S1's 10 device operations/s\n");
    expect(run.stdout).toContain("the hub was only queried");
  });

  it("--units sets the job rate of S2 and S3 hubs; a bad value is a usage error", async () => {
    const run = await runCli(["plan", "job.yaml", "--hub", hub.connectionString, "--endpoint", hub.url, "--tier", "S3", "--units", "2"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("takes at least 1 s at S3's 100 device operations/s with 2 units");
    const bad = await runCli(["plan", "job.yaml", "--hub", hub.connectionString, "--endpoint", hub.url, "--units", "0"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("E_USAGE: --units must be a positive integer (the hub's capacity units), not '0'");
  });

  it("--json carries the blast radius for tools", async () => {
    const run = await runCli(["plan", "job.yaml", "--json", "--hub", hub.connectionString, "--endpoint", hub.url], { cwd: dir });
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as { blastRadius: { jobs: { name: string; matched: number; offline: number }[] } };
    expect(plan.blastRadius.jobs.map((j) => ({ name: j.name, matched: j.matched, offline: j.offline }))).toEqual([{ name: "audit-building-43", matched: 2, offline: 1 }]);
  });

  it("exits 2 with the hub's answer when the hub refuses the credential", async () => {
    const wrongKey = hub.connectionString.replace(/SharedAccessKey=[^;]+/, `SharedAccessKey=${Buffer.from("not-the-key").toString("base64")}`);
    const run = await runCli(["plan", "job.yaml", "--hub", wrongKey, "--endpoint", hub.url], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/E_HUB_UNREACHABLE: the hub at http:\/\/\S+ answered 401/);
  });
});
