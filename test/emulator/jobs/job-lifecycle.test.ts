import { describe, expect, it } from "vitest";
import { parseQuery } from "../../../src/query/index.ts";
import { ServiceError } from "../../../src/emulator/service-error.ts";
import { TIMED_OUT_CODE } from "../../../src/emulator/jobs/job-run.ts";
import { fixture, methodJobBody, twinJobBody, type Fixture } from "./engine-fixture.ts";

const stats = async (f: Fixture, id: string) => (await f.job(id)).deviceJobStatistics;

function deviceRows(f: Fixture, jobId: string): Record<string, Record<string, unknown>> {
  const parsed = parseQuery(`SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '${jobId}'`);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const rows = f.engine.queryDeviceJobs("hub1", parsed.value) as Record<string, unknown>[];
  return Object.fromEntries(rows.map((r) => [String(r.deviceId), r]));
}

describe("twin update jobs", () => {
  it("targets the devices matching the condition when the job starts, not when it was created", async () => {
    const f = fixture();
    f.host.addDevice("a", { tags: { building: "43" } });
    f.host.addDevice("b", { tags: { building: "12" } });
    await f.call("PUT", "/jobs/v2/t", twinJobBody("tags.building = '43'", { startTime: "2026-03-01T01:00:00Z" }));
    f.host.addDevice("c", { tags: { building: "43" } });
    f.host.devices.get("a")!.tags.building = "44";
    await f.host.clock.advance(3600_000);
    expect(f.host.patchCalls.map((c) => c.deviceId)).toEqual(["c"]);
    expect(f.host.devices.get("c")!.tags).toEqual({ building: "43", Building: "43", Floor: "3" });
    expect(f.host.devices.get("c")!.desired).toEqual({ LocationUpdate: "now" });
    expect(await f.job("t")).toMatchObject({
      status: "completed",
      startTime: "2026-03-01T01:00:00.000Z",
      endTime: "2026-03-01T01:00:00.000Z",
      deviceJobStatistics: { deviceCount: 1, succeededCount: 1, failedCount: 0, runningCount: 0, pendingCount: 0 },
    });
  });

  it("stays scheduled until its startTime, then runs", async () => {
    const f = fixture({ devices: 2 });
    await f.call("PUT", "/jobs/v2/t", twinJobBody("*", { startTime: "2026-03-01T00:10:00Z" }));
    await f.host.clock.advance(599_999);
    expect((await f.job("t")).status).toBe("scheduled");
    expect(f.host.patchCalls).toHaveLength(0);
    await f.host.clock.advance(1);
    expect((await f.job("t")).status).toBe("completed");
    expect(f.host.patchCalls).toHaveLength(2);
  });

  it("records a device the twin store refuses as failed with the store's error, and still completes", async () => {
    const f = fixture({ devices: 2 });
    f.host.devices.get("Device-2")!.patchError = new ServiceError(400, "ArgumentInvalid", "tags exceed 8 KB", 400004);
    await f.call("PUT", "/jobs/v2/t", twinJobBody());
    await f.host.clock.advance(0);
    expect(await f.job("t")).toMatchObject({ status: "completed", deviceJobStatistics: { deviceCount: 2, succeededCount: 1, failedCount: 1 } });
    const rows = deviceRows(f, "t");
    expect(rows["Device-1"]).toMatchObject({ status: "completed", jobType: "scheduleUpdateTwin" });
    expect(rows["Device-2"]).toMatchObject({ status: "failed", error: { code: "ArgumentInvalid", description: "tags exceed 8 KB" } });
  });

  it("completes at once with no devices when nothing matches", async () => {
    const f = fixture({ devices: 2 });
    await f.call("PUT", "/jobs/v2/t", twinJobBody("tags.none = 1"));
    await f.host.clock.advance(0);
    expect(await f.job("t")).toMatchObject({ status: "completed", deviceJobStatistics: { deviceCount: 0 } });
  });

  it("fails the job when the hub cannot evaluate the condition at start", async () => {
    const f = fixture({ devices: 2 });
    f.host.matchError = new ServiceError(400, "ArgumentInvalid", "condition cannot be evaluated", 400004);
    await f.call("PUT", "/jobs/v2/t", twinJobBody("tags.x = 1"));
    await f.host.clock.advance(0);
    const job = await f.job("t");
    expect(job).toMatchObject({ status: "failed", endTime: "2026-03-01T00:00:00.000Z" });
    expect(job.failureReason).toContain("condition cannot be evaluated");
  });
});

describe("device method jobs", () => {
  it("keeps deviceJobStatistics and devices.jobs rows exact at every moment", async () => {
    const f = fixture();
    f.host.addDevice("fast", { method: { status: 200, payload: { door: "locked" }, latencyMs: 1000 } });
    f.host.addDevice("slow", { method: { status: 200, payload: {}, latencyMs: 3000 } });
    await f.call("PUT", "/jobs/v2/m", methodJobBody());
    expect(await stats(f, "m")).toEqual({ deviceCount: 0, failedCount: 0, succeededCount: 0, runningCount: 0, pendingCount: 0 });
    await f.host.clock.advance(0);
    expect(await stats(f, "m")).toEqual({ deviceCount: 2, failedCount: 0, succeededCount: 0, runningCount: 2, pendingCount: 0 });
    expect(Object.values(deviceRows(f, "m")).map((r) => r.status)).toEqual(["running", "running"]);
    await f.host.clock.advance(1000);
    expect(await stats(f, "m")).toEqual({ deviceCount: 2, failedCount: 0, succeededCount: 1, runningCount: 1, pendingCount: 0 });
    expect(deviceRows(f, "m").fast).toMatchObject({
      status: "completed",
      startTimeUtc: "2026-03-01T00:00:00.000Z",
      endTimeUtc: "2026-03-01T00:00:01.000Z",
      outcome: { deviceMethodResponse: { status: 200, payload: { door: "locked" } } },
    });
    expect((await f.job("m")).status).toBe("running");
    await f.host.clock.advance(2000);
    expect(await f.job("m")).toMatchObject({
      status: "completed",
      endTime: "2026-03-01T00:00:03.000Z",
      deviceJobStatistics: { deviceCount: 2, failedCount: 0, succeededCount: 2, runningCount: 0, pendingCount: 0 },
    });
  });

  it("passes the method, payload and timeouts to the device", async () => {
    const f = fixture({ devices: 1 });
    await f.call("PUT", "/jobs/v2/m", methodJobBody("*", {}, { responseTimeoutInSeconds: 7, connectTimeoutInSeconds: 3 }));
    await f.host.clock.advance(0);
    expect(f.host.methodCalls[0]!.request).toEqual({ methodName: "LockDoor", payload: { force: true }, responseTimeoutInSeconds: 7, connectTimeoutInSeconds: 3 });
  });

  it("records a non-2xx answer as completed with the device's status (the device answered)", async () => {
    const f = fixture();
    f.host.addDevice("d", { method: { status: 501, payload: { error: "not implemented" }, latencyMs: 0 } });
    await f.call("PUT", "/jobs/v2/m", methodJobBody());
    await f.host.clock.advance(0);
    expect(deviceRows(f, "m").d).toMatchObject({ status: "completed", outcome: { deviceMethodResponse: { status: 501, payload: { error: "not implemented" } } } });
    expect(await stats(f, "m")).toMatchObject({ succeededCount: 1, failedCount: 0 });
  });

  it("fails an offline device with DeviceNotOnline after connectTimeoutInSeconds", async () => {
    const f = fixture();
    f.host.addDevice("off", { online: false });
    await f.call("PUT", "/jobs/v2/m", methodJobBody("*", {}, { connectTimeoutInSeconds: 5 }));
    await f.host.clock.advance(4999);
    expect(deviceRows(f, "m").off!.status).toBe("running");
    await f.host.clock.advance(1);
    expect(deviceRows(f, "m").off).toMatchObject({ status: "failed", error: { code: "DeviceNotOnline" }, endTimeUtc: "2026-03-01T00:00:05.000Z" });
    expect(await f.job("m")).toMatchObject({ status: "completed", deviceJobStatistics: { failedCount: 1, succeededCount: 0 } });
  });

  it("fails a device slower than responseTimeoutInSeconds with the timeout error", async () => {
    const f = fixture();
    f.host.addDevice("slow", { method: { status: 200, payload: {}, latencyMs: 10_000 } });
    await f.call("PUT", "/jobs/v2/m", methodJobBody("*", {}, { responseTimeoutInSeconds: 5 }));
    await f.host.clock.advance(5000);
    expect(deviceRows(f, "m").slow).toMatchObject({ status: "failed", error: { code: "GatewayTimeout" } });
  });

  it("fails a device that no longer exists with DeviceNotFound", async () => {
    const f = fixture({ devices: 1 });
    await f.call("PUT", "/jobs/v2/m", methodJobBody("*", { startTime: "2026-03-01T00:00:10Z" }));
    await f.host.clock.advance(9000);
    const stale = f.host.devices.get("Device-1")!;
    f.host.matchDeviceIds = () => [stale.deviceId];
    f.host.devices.delete("Device-1");
    await f.host.clock.advance(1000);
    expect(deviceRows(f, "m")["Device-1"]).toMatchObject({ status: "failed", error: { code: "DeviceNotFound" } });
  });

  it("bounds concurrent invocations without limits on, and finishes every device", async () => {
    const f = fixture();
    for (let i = 0; i < 250; i++) f.host.addDevice(`d${i}`, { method: { status: 200, payload: null, latencyMs: 1000 } });
    await f.call("PUT", "/jobs/v2/m", methodJobBody());
    await f.host.clock.advance(0);
    expect(f.host.methodCalls).toHaveLength(100);
    expect(await stats(f, "m")).toMatchObject({ runningCount: 100, pendingCount: 150 });
    await f.host.clock.advance(1000);
    expect(f.host.methodCalls).toHaveLength(200);
    expect(await stats(f, "m")).toMatchObject({ succeededCount: 100, runningCount: 100, pendingCount: 50 });
    await f.host.clock.advance(2000);
    expect(await f.job("m")).toMatchObject({ status: "completed", deviceJobStatistics: { deviceCount: 250, succeededCount: 250 } });
  });
});

describe("maxExecutionTimeInSeconds", () => {
  it("fails the devices not done by then, ends the job as failed, and ignores late answers", async () => {
    const f = fixture();
    f.host.addDevice("quick", { method: { status: 200, payload: {}, latencyMs: 1000 } });
    f.host.addDevice("late", { method: { status: 200, payload: {}, latencyMs: 200_000 } });
    await f.call("PUT", "/jobs/v2/m", methodJobBody("*", { maxExecutionTimeInSeconds: 60 }, { responseTimeoutInSeconds: 300 }));
    await f.host.clock.advance(59_999);
    expect((await f.job("m")).status).toBe("running");
    await f.host.clock.advance(1);
    const job = await f.job("m");
    expect(job).toMatchObject({
      status: "failed",
      endTime: "2026-03-01T00:01:00.000Z",
      deviceJobStatistics: { deviceCount: 2, succeededCount: 1, failedCount: 1, runningCount: 0, pendingCount: 0 },
    });
    expect(job.failureReason).toMatch(/maxExecutionTimeInSeconds/);
    expect(deviceRows(f, "m").late).toMatchObject({ status: "failed", error: { code: TIMED_OUT_CODE } });
    await f.host.clock.advance(200_000);
    expect(deviceRows(f, "m").late!.status).toBe("failed");
    expect(await stats(f, "m")).toMatchObject({ succeededCount: 1, failedCount: 1 });
  });

  it("fails pending devices of a paced twin job that runs out of time", async () => {
    const f = fixture({ devices: 30, opsPerSecond: 10 });
    await f.call("PUT", "/jobs/v2/t", twinJobBody("*", { maxExecutionTimeInSeconds: 1 }));
    await f.host.clock.advance(1000);
    expect(await f.job("t")).toMatchObject({ status: "failed", deviceJobStatistics: { deviceCount: 30, succeededCount: 10, failedCount: 20, pendingCount: 0 } });
    const failed = Object.values(deviceRows(f, "t")).filter((r) => r.status === "failed");
    expect(failed).toHaveLength(20);
  });
});

describe("realistic mode", () => {
  it("paces twin updates to the hub's device-operation rate on the host clock", async () => {
    const f = fixture({ devices: 25, opsPerSecond: 10 });
    await f.call("PUT", "/jobs/v2/t", twinJobBody());
    await f.host.clock.advance(999);
    expect(await stats(f, "t")).toMatchObject({ deviceCount: 25, succeededCount: 10, pendingCount: 15 });
    const gaps = f.host.patchCalls.slice(1).map((c, i) => c.at - f.host.patchCalls[i]!.at);
    expect(new Set(gaps)).toEqual(new Set([100]));
    await f.host.clock.advance(1500);
    expect(await f.job("t")).toMatchObject({ status: "completed", endTime: "2026-03-01T00:00:02.400Z" });
  });

  it("paces method invocations too, several per step at higher rates", async () => {
    const f = fixture({ devices: 100, opsPerSecond: 50 });
    await f.call("PUT", "/jobs/v2/m", methodJobBody());
    await f.host.clock.advance(999);
    expect(f.host.methodCalls).toHaveLength(50);
    await f.host.clock.advance(1001);
    expect(await f.job("m")).toMatchObject({ status: "completed", deviceJobStatistics: { succeededCount: 100 } });
  });
});

describe("devices.jobs", () => {
  it("returns the service's row fields and honours conditions on job fields", async () => {
    const f = fixture({ devices: 2 });
    f.host.devices.get("Device-2")!.online = false;
    await f.call("PUT", "/jobs/v2/m", methodJobBody("*", {}, { connectTimeoutInSeconds: 0 }));
    await f.host.clock.advance(1000);
    const all = deviceRows(f, "m");
    expect(Object.keys(all)).toEqual(["Device-1", "Device-2"]);
    // An answered method row also repeats the answer as cloudToDeviceMethod (the Java SDK reads it there).
    expect(Object.keys(all["Device-1"]!).sort()).toEqual(
      ["cloudToDeviceMethod", "createdDateTimeUtc", "deviceId", "endTimeUtc", "jobId", "jobType", "lastUpdatedDateTimeUtc", "outcome", "startTimeUtc", "status"].sort(),
    );
    expect(all["Device-1"]!.cloudToDeviceMethod).toEqual((all["Device-1"]!.outcome as { deviceMethodResponse: unknown }).deviceMethodResponse);
    expect(Object.keys(all["Device-2"]!)).not.toContain("cloudToDeviceMethod");
    const parsed = parseQuery("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'm' AND devices.jobs.status = 'failed'");
    if (!parsed.ok) throw new Error(parsed.error.message);
    const failed = f.engine.queryDeviceJobs("hub1", parsed.value) as { deviceId: string }[];
    expect(failed.map((r) => r.deviceId)).toEqual(["Device-2"]);
    expect(f.engine.queryDeviceJobs("other-hub", parsed.value)).toEqual([]);
  });

  it("deleteHub forgets the hub's jobs and rows and stops its work", async () => {
    const f = fixture({ devices: 3, opsPerSecond: 1 });
    await f.call("PUT", "/jobs/v2/t", twinJobBody());
    await f.host.clock.advance(0);
    f.engine.deleteHub("hub1");
    await f.host.clock.advance(10_000);
    expect(f.host.patchCalls).toHaveLength(1);
    expect(await f.job("t")).toEqual({ type: "unknown", status: "unknown" });
  });
});

describe("host failures", () => {
  it("fails the job, rather than crashing, when the host cannot serve it at start", async () => {
    const f = fixture({ devices: 2 });
    await f.call("PUT", "/jobs/v2/t", twinJobBody());
    f.host.deviceOpsPerSecond = () => {
      throw new ServiceError(404, "IotHubNotFound", "IoT hub hub1 not found.", 404000);
    };
    await f.host.clock.advance(0);
    const job = await f.job("t");
    expect(job).toMatchObject({ status: "failed", deviceJobStatistics: { deviceCount: 2, failedCount: 2, pendingCount: 0 } });
    expect(job.failureReason).toContain("IoT hub hub1 not found");
  });
});
