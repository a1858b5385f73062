// Staged rollouts, provider side, against the embedded hub: waves in order on disjoint devices,
// a gate that stops the rollout, verify gates, and a resumed rollout that never re-runs a wave.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/iothub/create-client.ts";
import type { IotHubClient } from "../../src/iothub/client.ts";
import type { JobRequest } from "../../src/iothub/types.ts";
import { jobIdFor, workOf } from "../../src/manifest/job-id.ts";
import type { CompiledRollout } from "../../src/manifest/types.ts";
import * as impl from "../../src/provider/job-impl.ts";
import type { JobImplDeps } from "../../src/provider/job-impl.ts";
import type { JobInputs } from "../../src/provider/job-types.ts";
import { waveJobId } from "../../src/provider/rollout-run.ts";
import { startEmulator, type TestHub } from "./embedded-hub.ts";
import { jobInputs, methodRequest } from "./fixtures.ts";

const door = (id: string, ring: string, extra: Record<string, unknown> = {}) => ({ deviceId: id, connected: true, tags: { kind: "door", ring }, methods: { UpdateFirmware: { status: 200 } }, ...extra });
const fleet = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: [
    door("Door-1", "canary", { reported: { firmwareVersion: "2.1.0" } }),
    door("Door-2", "canary", { reported: { firmwareVersion: "2.1.0" } }),
    door("Door-3", "early", { reported: { firmwareVersion: "2.0.0" } }),
    door("Door-4", "early"),
    door("Door-5", "late"),
    door("Door-6", "late"),
    door("Door-7", "late", { methods: { UpdateFirmware: { status: 500, payload: { error: "flash full" } } } }),
    { deviceId: "Lamp-1", connected: true, tags: { kind: "lamp" } },
  ],
};

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => { emulator = await startEmulator(); });
afterAll(async () => { await emulator.close(); });

const logs: string[] = [];
const fast: JobImplDeps = { pollIntervalMs: 20, maxPollIntervalMs: 100, verifyIntervalMs: 20, retry: { initialDelayMs: 20, maxDelayMs: 200 }, log: (l) => logs.push(l) };
const clientOf = (hub: TestHub): Promise<IotHubClient> => createClient(hub.access, { retry: { initialDelayMs: 20, maxDelayMs: 100 } });

function rolloutJob(hub: TestHub, name: string, rollout: CompiledRollout): JobInputs {
  const request: JobRequest = methodRequest("x", { queryCondition: "tags.kind = 'door'", cloudToDeviceMethod: { methodName: "UpdateFirmware", payload: { version: "2.1.0" }, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 } });
  const jobId = jobIdFor(name, workOf(request, rollout));
  return jobInputs(name, jobId, hub.access, { kind: "DeviceMethodJob", request: { ...request, jobId }, rollout, completion: { wait: true, timeoutSeconds: 30, maxFailedPercent: 0 } });
}

const gate = (extra: Partial<CompiledRollout["gate"]> = {}): CompiledRollout["gate"] => ({ maxFailedPercent: 0, soakSeconds: 0, ...extra });

async function devicesOf(client: IotHubClient, jobId: string): Promise<string[]> {
  return (await client.queryDeviceJobs(jobId)).map((r) => r.deviceId).sort();
}

describe("a staged rollout", () => {
  it("runs its waves in order, each its own job, on disjoint devices that together are the target", async () => {
    const hub = await emulator.newHub({ fleet });
    const client = await clientOf(hub);
    const rollout: CompiledRollout = {
      waves: [{ name: "canary", condition: "tags.ring = 'canary'" }, { name: "two", maxDevices: 2 }, { name: "rest" }],
      gate: gate({ maxFailedPercent: 50 }),
    };
    const inputs = rolloutJob(hub, "fw", rollout);
    const { id, outs } = await impl.create(inputs, fast);
    expect(id).toBe(inputs.jobId);
    expect(outs.outcome).toMatchObject({ ok: true });
    expect(outs.waves?.map((w) => [w.name, w.gate])).toEqual([["canary", "passed"], ["two", "passed"], ["rest", "passed"]]);
    const perWave = await Promise.all(outs.waves!.map((w) => devicesOf(client, w.jobId)));
    expect(perWave[0]).toEqual(["Door-1", "Door-2"]);
    expect(perWave[1]).toHaveLength(2);
    const all = perWave.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(["Door-1", "Door-2", "Door-3", "Door-4", "Door-5", "Door-6", "Door-7"]);
    // In order: no wave was created before the one before it ended.
    const jobs = await Promise.all(outs.waves!.map((w) => client.getJob(w.jobId)));
    for (let i = 1; i < jobs.length; i++) expect(Date.parse(jobs[i]!.createdTime!)).toBeGreaterThanOrEqual(Date.parse(jobs[i - 1]!.endTime!));
  });

  it("stops when a wave's failures exceed the gate: later waves are never submitted, and the outcome names wave and numbers", async () => {
    const hub = await emulator.newHub({ fleet });
    const client = await clientOf(hub);
    const rollout: CompiledRollout = { waves: [{ name: "late", condition: "tags.ring = 'late'" }, { name: "rest" }], gate: gate({ maxFailedPercent: 10 }) };
    const { outs } = await impl.create(rolloutJob(hub, "fw-stop", rollout), fast);
    expect(outs.status).toBe("stopped");
    expect(outs.outcome.ok).toBe(false);
    expect(outs.outcome.message).toMatch(/rollout fw-stop stopped at wave late .*33\.3% of devices failed \(allowed 10%\).*1 later wave was not started/);
    expect(outs.waves).toHaveLength(1);
    expect((await client.listJobs()).map((j) => j.jobId)).toEqual([outs.waves![0]!.jobId]);
  });

  it("a verify gate passes when the wave's devices report the result, and fails when they do not", async () => {
    const hub = await emulator.newHub({ fleet });
    const verify = { query: "properties.reported.firmwareVersion = '2.1.0'", minPercent: 100, withinSeconds: 1 };
    const passing = await impl.create(rolloutJob(hub, "fw-verify", { waves: [{ name: "canary", condition: "tags.ring = 'canary'" }], gate: gate({ verify }) }), fast);
    expect(passing.outs.waves?.[0]?.gate).toBe("passed");
    const failing = await impl.create(rolloutJob(hub, "fw-verify-early", { waves: [{ name: "early", condition: "tags.ring = 'early'" }, { name: "rest" }], gate: gate({ verify }) }), fast);
    expect(failing.outs.outcome.ok).toBe(false);
    expect(failing.outs.waves?.[0]?.gate).toMatch(/verify failed: after 1s only 0 of 2 devices \(0%\) match/);
    expect(failing.outs.waves).toHaveLength(1);
  });

  it("a rollout interrupted after its first wave resumes: the finished wave is adopted, never run again", async () => {
    const hub = await emulator.newHub({ fleet });
    const client = await clientOf(hub);
    const rollout: CompiledRollout = { waves: [{ name: "canary", condition: "tags.ring = 'canary'" }, { name: "rest" }], gate: gate({ maxFailedPercent: 50 }) };
    const inputs = rolloutJob(hub, "fw-resume", rollout);
    // What the killed run left: the first wave's job, submitted and finished.
    const first = waveJobId(inputs, 0, rollout.waves[0]!);
    await client.createJob(first, { ...inputs.request, jobId: first, queryCondition: "(tags.kind = 'door') AND (tags.ring = 'canary')" });
    for (let i = 0; i < 200 && (await client.getJob(first))?.status !== "completed"; i++) await new Promise((r) => setTimeout(r, 20));
    logs.length = 0;
    const { outs } = await impl.create(inputs, fast);
    expect(outs.outcome.ok).toBe(true);
    expect(logs.some((l) => l.includes(`adopted job ${first}`))).toBe(true);
    expect((await client.listJobs()).length).toBe(2);
    expect(await devicesOf(client, outs.waves![1]!.jobId)).toEqual(["Door-3", "Door-4", "Door-5", "Door-6", "Door-7"]);
  });
});
