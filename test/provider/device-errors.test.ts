// Devices that answer a method job with an error status: IoT Hub (and the embedded hub) count them
// as succeeded; the provider's verdict counts them as failed and names them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/iothub/create-client.ts";
import type { IotHubClient } from "../../src/iothub/client.ts";
import { deviceErrorQuery, methodPayloadMaxChars } from "../../src/jobs/index.ts";
import * as impl from "../../src/provider/job-impl.ts";
import type { JobImplDeps } from "../../src/provider/job-impl.ts";
import { startEmulator, type TestHub } from "./embedded-hub.ts";
import { jobInputs, methodRequest } from "./fixtures.ts";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => { emulator = await startEmulator(); });
afterAll(async () => { await emulator.close(); });

const jammed = { LockDoor: { status: 500, payload: { error: "lock jammed" } } };
const locks = { LockDoor: { status: 200, payload: { locked: true } } };
const fleet = (devices: unknown[]) => ({ apiVersion: "hubjobs/v1", kind: "Fleet", devices });
const doors = fleet([
  { deviceId: "Device-1", connected: true, methods: locks },
  { deviceId: "Device-2", connected: true, methods: locks },
  { deviceId: "Device-3", connected: true, methods: jammed },
  { deviceId: "Offline-1", connected: false, methods: locks },
]);

/** Provider deps whose client counts the device queries it sends. */
function counting(extra: JobImplDeps = {}) {
  const queries: string[] = [];
  const deps: JobImplDeps = {
    pollIntervalMs: 20,
    maxPollIntervalMs: 100,
    retry: { initialDelayMs: 20, maxDelayMs: 200 },
    log: () => {},
    ...extra,
    client: async (access, retry) => {
      const client: IotHubClient = await createClient(access, { retry });
      const page = client.queryDevicesPage.bind(client);
      const all = client.queryDevices.bind(client);
      client.queryDevicesPage = (sql, options) => { queries.push(sql); return page(sql, options); };
      client.queryDevices = (sql, options) => { queries.push(sql); return all(sql, options); };
      return client;
    },
  };
  return { deps, queries };
}

function lockJob(hub: TestHub, name: string, condition: string, maxFailedPercent: number) {
  return jobInputs(name, `${name}-0001`, hub.access, {
    request: methodRequest(`${name}-0001`, { queryCondition: condition, cloudToDeviceMethod: { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 } }),
    completion: { wait: true, timeoutSeconds: 30, maxFailedPercent },
  });
}

describe("method jobs: a device answering an error status counts as failed", () => {
  it("fails a job with maxFailedPercent 0 when one lock is jammed, naming the device and its answer", async () => {
    const hub = await emulator.newHub({ fleet: doors });
    const { deps } = counting();
    const { outs } = await impl.create(lockJob(hub, "lock-strict", "deviceId IN ['Device-1', 'Device-3']", 0), deps);
    // The hub's own statistics still call it a success.
    expect(outs.deviceJobStatistics).toMatchObject({ deviceCount: 2, succeededCount: 2, failedCount: 0 });
    expect(outs).toMatchObject({ status: "completed", deviceErrorCount: 1, deviceErrorCountCapped: false });
    expect(outs.failedDevices).toEqual([{ deviceId: "Device-3", status: "completed", methodStatus: 500, methodPayload: '{"error":"lock jammed"}' }]);
    expect(outs.outcome).toMatchObject({ ok: false, problem: "tooManyFailures" });
    expect(outs.outcome.message).toContain('Device-3 (method returned 500: {"error":"lock jammed"})');
    expect(outs.outcome.message).toContain("50% of devices failed (allowed 0%)");
  });

  it("passes when the combined failed share stays within the threshold", async () => {
    const hub = await emulator.newHub({ fleet: doors });
    const { outs } = await impl.create(lockJob(hub, "lock-lenient", "*", 50), counting().deps);
    // 4 devices: Offline-1 unreachable, Device-3 jammed -> 50%, allowed.
    expect(outs.deviceJobStatistics).toMatchObject({ deviceCount: 4, failedCount: 1 });
    expect(outs.deviceErrorCount).toBe(1);
    expect(outs.outcome.ok).toBe(true);
    // Unreachable devices come first, then device-reported errors.
    expect(outs.failedDevices.map((d) => d.deviceId)).toEqual(["Offline-1", "Device-3"]);
  });

  it("fails once the device errors push the share over the threshold", async () => {
    const hub = await emulator.newHub({ fleet: doors });
    const { outs } = await impl.create(lockJob(hub, "lock-49", "*", 49), counting().deps);
    expect(outs.outcome).toMatchObject({ ok: false, problem: "tooManyFailures" });
    expect(outs.outcome.message).toContain("Offline-1");
    expect(outs.outcome.message).toContain("Device-3 (method returned 500");
  });

  it("counts any status outside 200..299, including a device with no handler (501), and not 2xx answers", async () => {
    const hub = await emulator.newHub({
      fleet: fleet([
        { deviceId: "Ok-204", connected: true, methods: { LockDoor: { status: 204 } } },
        { deviceId: "Moved-302", connected: true, methods: { LockDoor: { status: 302, payload: "elsewhere" } } },
        { deviceId: "Early-100", connected: true, methods: { LockDoor: { status: 100 } } },
        { deviceId: "No-handler", connected: true, methods: {} },
      ]),
    });
    const { outs } = await impl.create(lockJob(hub, "statuses", "*", 100), counting().deps);
    expect(outs.deviceErrorCount).toBe(3);
    expect(Object.fromEntries(outs.failedDevices.map((d) => [d.deviceId, d.methodStatus]))).toEqual({ "Moved-302": 302, "Early-100": 100, "No-handler": 501 });
    expect(outs.failedDevices.find((d) => d.deviceId === "Early-100")).not.toHaveProperty("methodPayload");
    expect(outs.outcome.ok).toBe(true);
  });

  it("truncates a large answer payload so the state stays small", async () => {
    const hub = await emulator.newHub({ fleet: fleet([{ deviceId: "Chatty", connected: true, methods: { LockDoor: { status: 500, payload: { trace: "x".repeat(5000) } } } }]) });
    const { outs } = await impl.create(lockJob(hub, "chatty", "*", 0), counting().deps);
    const payload = outs.failedDevices[0]?.methodPayload ?? "";
    expect(payload.length).toBe(methodPayloadMaxChars);
    expect(payload.startsWith('{"trace":"xxx')).toBe(true);
    expect(outs.outcome.message.length).toBeLessThan(1000);
  });
});

describe("the query budget", () => {
  const many = fleet(Array.from({ length: 7 }, (_, i) => ({ deviceId: `Jammed-${i + 1}`, connected: true, methods: jammed })));

  it("stops counting at the page cap and says 'at least'", async () => {
    const hub = await emulator.newHub({ fleet: many });
    const { deps, queries } = counting({ deviceErrors: { pageSize: 2, maxPages: 2 } });
    const { outs } = await impl.create(lockJob(hub, "capped", "*", 0), deps);
    expect(outs).toMatchObject({ deviceErrorCount: 4, deviceErrorCountCapped: true });
    expect(queries.filter((q) => q === deviceErrorQuery("capped-0001"))).toHaveLength(2);
    expect(outs.outcome).toMatchObject({ ok: false, problem: "tooManyFailures" });
    expect(outs.outcome.message).toContain("at least 4 devices answered the method with an error status");
    expect(outs.outcome.message).toContain("at least 57.1% of devices failed");
  });

  it("does not pass a job whose counted errors stay under the threshold but were capped", async () => {
    const hub = await emulator.newHub({ fleet: many });
    const { outs } = await impl.create(lockJob(hub, "capped-lenient", "*", 80), counting({ deviceErrors: { pageSize: 2, maxPages: 2 } }).deps);
    expect(outs.outcome).toMatchObject({ ok: false, problem: "failureShareUnknown" });
    expect(outs.outcome.message).toContain("cannot be shown to be within 80%");
  });

  it("counts every page when the cap allows", async () => {
    const hub = await emulator.newHub({ fleet: many });
    const { deps, queries } = counting({ deviceErrors: { pageSize: 2, maxPages: 10 } });
    const { outs } = await impl.create(lockJob(hub, "uncapped", "*", 100), deps);
    expect(outs).toMatchObject({ deviceErrorCount: 7, deviceErrorCountCapped: false, outcome: { ok: true } });
    expect(queries.filter((q) => q === deviceErrorQuery("uncapped-0001"))).toHaveLength(4);
    expect(outs.failedDevices).toHaveLength(7);
  });

  it("refresh reuses the count of an ended job without querying again; update re-judges it from state", async () => {
    const hub = await emulator.newHub({ fleet: doors });
    const inputs = lockJob(hub, "rejudge", "deviceId IN ['Device-1', 'Device-3']", 0);
    const { outs } = await impl.create(inputs, counting().deps);
    expect(outs.outcome.ok).toBe(false);

    const refresh = counting();
    const { props } = await impl.read(outs.jobId, outs, refresh.deps);
    expect(refresh.queries).toEqual([]);
    expect(props).toMatchObject({ deviceErrorCount: 1, failedDevices: outs.failedDevices, outcome: outs.outcome });

    await hub.setFaults([{ operations: ["*"], fault: "unavailable" }]); // update must not call the hub
    const { outs: relaxed } = await impl.update(outs.jobId, outs, { ...inputs, completion: { ...inputs.completion, maxFailedPercent: 50 } });
    expect(relaxed.outcome.ok).toBe(true);
    const { outs: strict } = await impl.update(outs.jobId, relaxed, inputs);
    expect(strict.outcome).toMatchObject({ ok: false, problem: "tooManyFailures" });
    expect(strict.outcome.message).toContain("Device-3 (method returned 500");
    await hub.clearFaults();
  });

  it("refresh counts the errors of a job that ended after it was recorded", async () => {
    const hub = await emulator.newHub({ fleet: doors });
    const inputs = lockJob(hub, "late", "deviceId IN ['Device-3']", 0);
    const { outs } = await impl.create({ ...inputs, completion: { ...inputs.completion, wait: false } }, counting().deps);
    // Not counted yet, but present: a preview must see a known value, not a missing (unknown) one.
    expect(outs.deviceErrorCount).toBeNull();
    const client = await createClient(hub.access, {});
    for (let i = 0; i < 200 && (await client.getJob(outs.jobId))?.status !== "completed"; i++) await new Promise((r) => setTimeout(r, 20));
    const { props } = await impl.read(outs.jobId, outs, counting().deps);
    expect(props).toMatchObject({ status: "completed", deviceErrorCount: 1, failedDevices: [{ deviceId: "Device-3", methodStatus: 500 }] });
    expect(props.outcome).toMatchObject({ ok: false, problem: "tooManyFailures" });
  });
});

describe("twin jobs", () => {
  it("are judged as before: no device-error query, no count", async () => {
    const hub = await emulator.newHub({ fleet: doors });
    const { deps, queries } = counting();
    const inputs = jobInputs("tag-doors", "tag-doors-0001", hub.access, {
      kind: "TwinUpdateJob",
      request: { jobId: "tag-doors-0001", type: "scheduleUpdateTwin", queryCondition: "deviceId IN ['Device-1', 'Device-3']", maxExecutionTimeInSeconds: 120, updateTwin: { etag: "*", tags: { Floor: "3" } } },
    });
    const { outs } = await impl.create(inputs, deps);
    expect(outs).toMatchObject({ type: "scheduleUpdateTwin", status: "completed", failedDevices: [], outcome: { ok: true } });
    expect(outs.deviceJobStatistics).toMatchObject({ deviceCount: 2, succeededCount: 2 });
    expect(outs.deviceErrorCount).toBeNull();
    expect(outs.deviceErrorCountCapped).toBeNull();
    expect(queries).toEqual([]);
  });
});
