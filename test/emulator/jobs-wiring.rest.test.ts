// The job engine (src/emulator/jobs) wired into the hub: jobs v2 over HTTP, against the dev fleet,
// with the platform's JobHost doing the twin writes and method calls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/emulator/clock.ts";
import { nextName, startTestHub, waitForJob as waitForHubJob, type TestHub } from "./helpers.ts";

let hub: TestHub;
const clock = new ManualClock("2026-06-01T00:00:00Z");
beforeAll(async () => { hub = await startTestHub({ clock, fleet: "fleets/dev.yaml" }); });
afterAll(async () => { await hub.close(); });

const waitForJob = (jobId: string, stepMs: number): Promise<any> => waitForHubJob(hub, clock, jobId, stepMs);

describe("jobs v2 through the hub", () => {
  it("runs the LockDoor method job: Device-1 succeeds, offline Device-4 fails with DeviceNotOnline", async () => {
    const jobId = nextName("lock");
    const created = await hub.call("PUT", `/jobs/v2/${jobId}`, {
      body: {
        jobId,
        type: "scheduleDeviceMethod",
        queryCondition: "deviceId IN ['Device-1', 'Device-4']",
        cloudToDeviceMethod: { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 5 },
        maxExecutionTimeInSeconds: 120,
      },
    });
    expect(created.status).toBe(200);
    const job = await waitForJob(jobId, 1000);
    expect(job.status).toBe("completed");
    expect(job.deviceJobStatistics).toMatchObject({ deviceCount: 2, succeededCount: 1, failedCount: 1 });

    const rows = await hub.call("POST", "/devices/query", { body: { query: `SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '${jobId}'` } });
    expect(rows.status).toBe(200);
    expect(rows.headers.get("x-ms-item-type")).toBe("deviceJob");
    const byDevice = Object.fromEntries(rows.body.map((r: any) => [r.deviceId, r]));
    expect(byDevice["Device-1"].status).toBe("completed");
    expect(byDevice["Device-1"].outcome.deviceMethodResponse).toEqual({ status: 200, payload: { locked: true } });
    expect(byDevice["Device-4"].status).toBe("failed");
    expect(JSON.stringify(byDevice["Device-4"].error)).toMatch(/DeviceNotOnline|404103/);
  });

  it("runs the Building 43 twin job and the twin shows the new tags and desired property", async () => {
    const jobId = nextName("twin");
    const before = await hub.call("GET", "/twins/Device-2");
    const created = await hub.call("PUT", `/jobs/v2/${jobId}`, {
      body: {
        jobId,
        type: "scheduleUpdateTwin",
        queryCondition: "deviceId IN ['Device-2']",
        updateTwin: { etag: "*", tags: { Building: "43", Floor: "3" }, properties: { desired: { LocationUpdate: "2026-06-01T00:00:00Z" } } },
        maxExecutionTimeInSeconds: 120,
      },
    });
    expect(created.status).toBe(200);
    const job = await waitForJob(jobId, 1000);
    expect(job.status).toBe("completed");
    const twin = await hub.call("GET", "/twins/Device-2");
    expect(twin.body.tags).toMatchObject({ Building: "43", Floor: "3", kind: before.body.tags.kind });
    expect(twin.body.properties.desired.LocationUpdate).toBe("2026-06-01T00:00:00Z");
    expect(twin.body.version).toBeGreaterThan(before.body.version);
  });

  it("lists jobs through GET /jobs/v2/query", async () => {
    const res = await hub.call("GET", "/jobs/v2/query?jobType=scheduleDeviceMethod");
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body.length).toBeGreaterThanOrEqual(1);
  });
});
