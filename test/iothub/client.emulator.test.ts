// The client against the embedded IoT Hub: the same calls as against the tiny server, answered by
// the emulator's real routing, SAS checking, job engine and query engine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub } from "../../src/emulator/start-hub.ts";
import { IotHubClient } from "../../src/iothub/client.ts";
import { parseConnectionString } from "../../src/iothub/connection-string.ts";
import { sasAuthenticationPolicy } from "../../src/iothub/sas-policy.ts";

let running: Awaited<ReturnType<typeof startHub>>;
let client: IotHubClient;
const devices = Array.from({ length: 7 }, (_, i) => ({ deviceId: `Device-${i + 1}`, connected: true, tags: { Building: i < 3 ? "43" : "44" }, methods: { LockDoor: { status: 200 } } }));

beforeAll(async () => {
  running = await startHub({ port: 0, fleet: { apiVersion: "hubjobs/v1", kind: "Fleet", devices } as never });
  const cs = parseConnectionString(running.connectionString);
  client = new IotHubClient({ hostName: cs.hostName, endpoint: running.url, auth: sasAuthenticationPolicy(cs), retry: { initialDelayMs: 10 } });
});
afterAll(async () => { await running.close(); });

async function until(jobId: string, statuses: string[]) {
  for (let i = 0; i < 200; i++) {
    const job = await client.getJob(jobId);
    if (job && statuses.includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`job ${jobId} never reached ${statuses.join("/")}`);
}

describe("IotHubClient against the embedded hub", () => {
  it("pages through a device query", async () => {
    const rows = await client.queryDevices<{ deviceId: string }>("SELECT * FROM devices", { pageSize: 3 });
    expect(rows.map((r) => r.deviceId).sort()).toEqual(devices.map((d) => d.deviceId).sort());
  });

  it("counts the devices a condition selects", async () => {
    expect(await client.countDevices("tags.Building = '43'")).toBe(3);
    expect(await client.countDevices("*")).toBe(devices.length);
  });

  it("creates, gets, lists and queries the device rows of a job", async () => {
    const created = await client.createJob("lock-43", { jobId: "lock-43", type: "scheduleDeviceMethod", queryCondition: "tags.Building = '43'", cloudToDeviceMethod: { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 } });
    expect(created.jobId).toBe("lock-43");
    const done = await until("lock-43", ["completed", "failed"]);
    expect(done.deviceJobStatistics).toMatchObject({ deviceCount: 3, succeededCount: 3 });
    expect((await client.listJobs({ type: "scheduleDeviceMethod" })).map((j) => j.jobId)).toContain("lock-43");
    const rows = await client.queryDeviceJobs("lock-43", { pageSize: 2 });
    expect(rows.map((r) => r.deviceId).sort()).toEqual(["Device-1", "Device-2", "Device-3"]);
    expect(rows.every((r) => r.jobId === "lock-43" && r.status === "completed")).toBe(true);
  });

  it("answers 409 JobAlreadyExists for a second PUT, and cancels a scheduled job", async () => {
    const startTime = new Date(Date.now() + 3_600_000).toISOString();
    const body = { jobId: "later", type: "scheduleUpdateTwin" as const, queryCondition: "*", startTime, updateTwin: { etag: "*", tags: { Floor: "3" } } };
    expect((await client.createJob("later", body)).status).toMatch(/scheduled|queued/);
    await expect(client.createJob("later", body)).rejects.toMatchObject({ status: 409, errorCode: "JobAlreadyExists", retryable: false });
    expect((await client.cancelJob("later")).status).toBe("cancelled");
  });

  it("returns undefined for a job the hub does not know, and reads a twin", async () => {
    expect(await client.getJob("never-created")).toBeUndefined();
    const twin = await client.getTwin("Device-1");
    expect(twin).toMatchObject({ deviceId: "Device-1", tags: { Building: "43" } });
  });

  it("is refused with the service's code when the key is wrong", async () => {
    const cs = parseConnectionString(running.connectionString);
    const bad = new IotHubClient({ hostName: cs.hostName, endpoint: running.url, auth: sasAuthenticationPolicy({ ...cs, sharedAccessKey: Buffer.alloc(32, 1).toString("base64") }) });
    await expect(bad.listJobs()).rejects.toMatchObject({ status: 401, retryable: false });
  });
});
