// `hubjobs status` shows a staged rollout as its waves: each wave's job named with its rollout and
// place, judged by the gate's rule, with the gate's verdict when the stack recorded it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStatus } from "../../src/cli/status/run-status.ts";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import { loadManifests, type CompiledJob } from "../../src/manifest/index.ts";
import * as impl from "../../src/provider/job-impl.ts";
import type { JobOutputs } from "../../src/provider/job-types.ts";
import { captureIo } from "./status-fakes.ts";

const fleet = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: [
    { deviceId: "Door-1", tags: { kind: "door", ring: "canary" }, methods: { UpdateFirmware: { status: 200 } } },
    { deviceId: "Door-2", tags: { kind: "door" }, methods: { UpdateFirmware: { status: 200 } } },
    { deviceId: "Door-3", tags: { kind: "door" }, methods: { UpdateFirmware: { status: 500, payload: { error: "flash full" } } } },
  ],
};

const manifest = `apiVersion: hubjobs/v1
kind: DeviceMethodJob
metadata: { name: fw }
spec:
  target: { query: "tags.kind = 'door'" }
  method: { name: UpdateFirmware, payload: { version: "2.1.0" }, responseTimeout: 5s }
  schedule: { maxExecutionTime: 1m }
  rollout:
    waves: [{ name: canary, where: "tags.ring = 'canary'" }, { name: rest }]
    gate: { maxFailedPercent: 50 }
`;

let hub: RunningHub;
let job: CompiledJob;
let applied: JobOutputs;
const dir = mkdtempSync(join(tmpdir(), "hubjobs-status-rollout-"));
const emptyDir = mkdtempSync(join(tmpdir(), "hubjobs-no-manifests-"));

beforeAll(async () => {
  hub = await startHub({ port: 0, tier: "S3", fleet: fleet as never });
  writeFileSync(join(dir, "fw.yaml"), manifest);
  job = (await loadManifests([join(dir, "fw.yaml")])).manifests[0]!.job;
  ({ outs: applied } = await impl.create(
    { name: job.name, jobId: job.jobId, kind: job.kind, request: job.request, rollout: job.rollout!, labels: {}, completion: job.completion, hub: { hostName: hub.hostName, endpoint: hub.url, auth: "sas", connectionString: hub.connectionString } },
    { pollIntervalMs: 20, maxPollIntervalMs: 100, log: () => {} },
  ));
});
afterAll(async () => {
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(emptyDir, { recursive: true, force: true });
});

describe("hubjobs status of a rollout", () => {
  it("names each wave's job with its rollout and place, judged by the gate (from the manifest)", async () => {
    expect(applied.waves?.map((w) => w.gate)).toEqual(["passed", "passed"]);
    const io = captureIo();
    const code = await runStatus(["--hub", hub.connectionString, "--endpoint", hub.url, "--jobs", dir], io);
    const out = io.out();
    const [canary, rest] = applied.waves!;
    expect(out).toContain(`${canary!.jobId} (fw wave 1/2 canary)`);
    expect(out).toContain(`${rest!.jobId} (fw wave 2/2 rest)`);
    // The rest wave had 1 of 2 devices answer an error: within the gate's 50%.
    expect(out).toContain("rollout gate of wave 2/2 rest: fail if more than 50% of devices fail, or if cancelled (manifest fw,");
    expect(code).toBe(0);
  });

  it("with the stack's outputs, shows the gate's verdict as pulumi up recorded it", async () => {
    const outputs = { hubConnectionString: hub.connectionString, hubEndpoint: hub.url, jobs: { fw: { jobId: applied.jobId, completion: job.completion, waves: applied.waves } } };
    const io = captureIo();
    const code = await runStatus(["--json", "--hub", "dev", "--jobs", emptyDir], io, { readStackOutputs: async () => outputs });
    const jobs = (JSON.parse(io.out()) as { jobs: Array<{ jobId: string; rule: { wave?: { index: number; name: string; gate?: string }; maxFailedPercent: number } }> }).jobs;
    expect(jobs.map((j) => j.rule.wave)).toEqual([{ index: 1, count: 2, name: "canary", gate: "passed" }, { index: 2, count: 2, name: "rest", gate: "passed" }]);
    expect(jobs.every((j) => j.rule.maxFailedPercent === 50)).toBe(true);
    expect(code).toBe(0);
  });
});
