// Provider methods called directly against the embedded hub.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/iothub/create-client.ts";
import type { IotHubClient } from "../../src/iothub/client.ts";
import * as impl from "../../src/provider/job-impl.ts";
import type { JobImplDeps } from "../../src/provider/job-impl.ts";
import { startEmulator, type TestHub } from "./embedded-hub.ts";
import { jobInputs, methodRequest } from "./fixtures.ts";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => { emulator = await startEmulator(); });
afterAll(async () => { await emulator.close(); });

const logs: string[] = [];
const fast: JobImplDeps = { pollIntervalMs: 20, maxPollIntervalMs: 100, retry: { initialDelayMs: 20, maxDelayMs: 200 }, log: (l) => logs.push(l) };

async function clientOf(hub: TestHub): Promise<IotHubClient> {
  return createClient(hub.access, { retry: { initialDelayMs: 20, maxDelayMs: 100 } });
}

function lockJob(hub: TestHub, name: string, overrides: Parameters<typeof jobInputs>[3] = {}) {
  return jobInputs(name, `${name}-0001`, hub.access, overrides);
}

describe("create", () => {
  it("submits the job once, waits for it and records status, statistics and appliedAt", async () => {
    const hub = await emulator.newHub();
    const inputs = lockJob(hub, "lock-both", { request: methodRequest("lock-both-0001", { queryCondition: "deviceId IN ['Device-1', 'Device-2']" }) });
    const { id, outs } = await impl.create(inputs, fast);
    expect(id).toBe("lock-both-0001");
    expect(outs).toMatchObject({ jobId: id, type: "scheduleDeviceMethod", status: "completed", adopted: false, failedDevices: [], outcome: { ok: true } });
    expect(outs.deviceJobStatistics).toMatchObject({ deviceCount: 2, succeededCount: 2, failedCount: 0 });
    expect(Date.parse(outs.appliedAt)).toBeGreaterThan(0);
    expect(outs).not.toHaveProperty("request");
    expect((await (await clientOf(hub)).listJobs()).map((j) => j.jobId)).toEqual([id]);
  });

  it("adopts a job whose submission landed but whose answer was lost, without running it again", async () => {
    const hub = await emulator.newHub();
    const inputs = lockJob(hub, "lost-answer");
    const client = await clientOf(hub);
    await client.createJob(inputs.jobId, inputs.request); // the earlier attempt that landed
    const { outs } = await impl.create(inputs, fast);
    expect(outs.adopted).toBe(true);
    expect(outs.status).toBe("completed");
    expect(outs.deviceJobStatistics.deviceCount).toBe(1);
    expect(await client.listJobs()).toHaveLength(1);
  });

  it("adopts on 409 JobAlreadyExists when the job lands between the look and the submission", async () => {
    const hub = await emulator.newHub();
    const inputs = lockJob(hub, "race");
    let raced = false;
    const deps: JobImplDeps = {
      ...fast,
      client: async (access, retry) => {
        const real = await createClient(access, { retry });
        const getJob = real.getJob.bind(real);
        real.getJob = async (id: string) => {
          if (!raced) {
            raced = true;
            await real.createJob(id, inputs.request); // someone else's identical submission wins the race
            return undefined;
          }
          return getJob(id);
        };
        return real;
      },
    };
    const { outs } = await impl.create(inputs, deps);
    expect(raced).toBe(true);
    expect(outs.adopted).toBe(true);
    expect(await (await clientOf(hub)).listJobs()).toHaveLength(1);
  });

  it("refuses a job id that exists with a different body, naming what differs", async () => {
    const hub = await emulator.newHub();
    const inputs = lockJob(hub, "conflict");
    const client = await clientOf(hub);
    await client.createJob(inputs.jobId, methodRequest(inputs.jobId, { cloudToDeviceMethod: { methodName: "Reboot" } }));
    const err = await impl.create(inputs, fast).catch((e) => e);
    expect(err).toBeInstanceOf(impl.JobConflictError);
    expect(err.code).toBe("JobConflict");
    expect(err.message).toContain("conflict-0001");
    expect(err.message).toContain("method");
    const jobs = await client.listJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.cloudToDeviceMethod?.methodName).toBe("Reboot");
  });

  it("applies several jobs at once on a one-job S1 hub by waiting out ThrottlingMaxActiveJobCountExceeded", async () => {
    const slowFleet = {
      apiVersion: "hubjobs/v1", kind: "Fleet",
      devices: [{ deviceId: "Device-1", connected: true, methods: { LockDoor: { status: 200, latencyMs: 150 } } }],
    };
    const hub = await emulator.newHub({ tier: "S1", fleet: slowFleet });
    const retries: string[] = [];
    const deps: JobImplDeps = { ...fast, log: (l) => { if (/ThrottlingMaxActiveJobCountExceeded/.test(l)) retries.push(l); } };
    const names = ["batch-a", "batch-b", "batch-c", "batch-d"];
    const results = await Promise.all(names.map((n) => impl.create(lockJob(hub, n, { request: methodRequest(`${n}-0001`) }), deps)));
    expect(results.map((r) => r.outs.status)).toEqual(["completed", "completed", "completed", "completed"]);
    expect(results.every((r) => r.outs.outcome.ok && !r.outs.adopted)).toBe(true);
    expect(retries.length).toBeGreaterThan(0);
    expect((await (await clientOf(hub)).listJobs()).map((j) => j.jobId).sort()).toEqual(names.map((n) => `${n}-0001`));
  });

  it("rides out 503s and dropped connections injected by the hub", async () => {
    const hub = await emulator.newHub();
    await hub.setFaults([
      { operations: ["jobs.get"], fault: "drop", count: 2 },
      { operations: ["jobs.create"], fault: "unavailable", count: 2 },
    ]);
    const seen: string[] = [];
    const { outs } = await impl.create(lockJob(hub, "faulty"), { ...fast, log: (l) => seen.push(l) });
    expect(outs.status).toBe("completed");
    expect(seen.filter((l) => l.includes("ConnectionDropped"))).toHaveLength(2);
    expect(seen.filter((l) => l.includes("ServiceUnavailable") || l.includes("ServerBusy"))).toHaveLength(2);
    await hub.clearFaults();
    expect(await (await clientOf(hub)).listJobs()).toHaveLength(1);
  });

  it("fails at once on a 4xx other than 409/429 with the service's code", async () => {
    const hub = await emulator.newHub();
    const inputs = lockJob(hub, "bad-query", { request: methodRequest("bad-query-0001", { cloudToDeviceMethod: { methodName: "LockDoor", responseTimeoutInSeconds: 1 } }) });
    const seen: string[] = [];
    const err = await impl.create(inputs, { ...fast, log: (l) => seen.push(l) }).catch((e) => e);
    expect(err.status).toBe(400);
    expect(err.errorCode).toBe("ArgumentInvalid");
    expect(err.message).toContain("bad-query");
    expect(seen.filter((l) => l.includes("retry"))).toEqual([]);
  });
});

describe("waiting and thresholds", () => {
  const both = (name: string, maxFailedPercent: number, hub: TestHub) =>
    lockJob(hub, name, {
      request: methodRequest(`${name}-0001`, { queryCondition: "deviceId IN ['Device-1', 'Offline-1']", cloudToDeviceMethod: { methodName: "LockDoor", responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 } }),
      completion: { wait: true, timeoutSeconds: 30, maxFailedPercent },
    });

  it("fails the outcome when the failed share exceeds maxFailedPercent, naming the failed device and its error", async () => {
    const hub = await emulator.newHub();
    const { outs } = await impl.create(both("strict", 0, hub), fast);
    expect(outs.status).toBe("completed");
    expect(outs.deviceJobStatistics).toMatchObject({ deviceCount: 2, failedCount: 1 });
    expect(outs.failedDevices).toEqual([expect.objectContaining({ deviceId: "Offline-1", status: "failed", errorCode: "DeviceNotOnline" })]);
    expect(outs.outcome).toMatchObject({ ok: false, problem: "tooManyFailures" });
    expect(outs.outcome.message).toContain("strict (strict-0001)");
    expect(outs.outcome.message).toContain("Offline-1");
  });

  it("accepts the same result under a 50% threshold", async () => {
    const hub = await emulator.newHub();
    const { outs } = await impl.create(both("lenient", 50, hub), fast);
    expect(outs.outcome).toMatchObject({ ok: true });
  });

  it("does not wait for a scheduled job when wait is off", async () => {
    const hub = await emulator.newHub();
    const start = new Date(Date.now() + 3_600_000).toISOString();
    const { outs } = await impl.create(lockJob(hub, "later", { request: methodRequest("later-0001", { startTime: start }), completion: { wait: false, timeoutSeconds: 60, maxFailedPercent: 0 } }), fast);
    expect(outs.status).toBe("scheduled");
    expect(outs.outcome.ok).toBe(true);
  });
});

describe("delete", () => {
  it("cancels a scheduled job", async () => {
    const hub = await emulator.newHub();
    const start = new Date(Date.now() + 3_600_000).toISOString();
    const inputs = lockJob(hub, "to-cancel", { request: methodRequest("to-cancel-0001", { startTime: start }), completion: { wait: false, timeoutSeconds: 60, maxFailedPercent: 0 } });
    const { outs } = await impl.create(inputs, fast);
    await impl.remove(outs.jobId, outs, fast);
    expect((await (await clientOf(hub)).getJob(outs.jobId))?.status).toBe("cancelled");
  });

  it("leaves a finished job alone and forgets a job the hub does not know", async () => {
    const hub = await emulator.newHub();
    const { outs } = await impl.create(lockJob(hub, "finished"), fast);
    await hub.setFaults([{ operations: ["jobs.cancel"], fault: "unavailable" }]); // any cancel attempt would now fail the test
    await impl.remove(outs.jobId, outs, fast);
    expect((await (await clientOf(hub)).getJob(outs.jobId))?.status).toBe("completed");
    await impl.remove("never-submitted", { ...outs, jobId: "never-submitted" }, fast);
  });
});

describe("update and read", () => {
  it("update changes state only and re-judges with the new thresholds", async () => {
    const hub = await emulator.newHub();
    const inputs = lockJob(hub, "rethreshold", {
      request: methodRequest("rethreshold-0001", { queryCondition: "deviceId IN ['Device-1', 'Offline-1']", cloudToDeviceMethod: { methodName: "LockDoor", connectTimeoutInSeconds: 0 } }),
      completion: { wait: true, timeoutSeconds: 30, maxFailedPercent: 0 },
    });
    const { outs } = await impl.create(inputs, fast);
    expect(outs.outcome.ok).toBe(false);
    await hub.setFaults([{ operations: ["*"], fault: "unavailable" }]); // update must not call the hub
    const { outs: updated } = await impl.update(outs.jobId, outs, { ...inputs, description: "new words", completion: { ...inputs.completion, maxFailedPercent: 50 } });
    expect(updated).toMatchObject({ description: "new words", status: "completed", appliedAt: outs.appliedAt, outcome: { ok: true } });
    await hub.clearFaults();
  });

  it("read refreshes status and statistics of a job that moved on", async () => {
    const hub = await emulator.newHub();
    const start = new Date(Date.now() + 3_600_000).toISOString();
    const { outs } = await impl.create(lockJob(hub, "refresh", { request: methodRequest("refresh-0001", { startTime: start }), completion: { wait: false, timeoutSeconds: 60, maxFailedPercent: 0 } }), fast);
    await (await clientOf(hub)).cancelJob(outs.jobId);
    const { id, props } = await impl.read(outs.jobId, outs, fast);
    expect(id).toBe(outs.jobId);
    expect(props?.status).toBe("cancelled");
    expect(props?.appliedAt).toBe(outs.appliedAt);
  });
});
