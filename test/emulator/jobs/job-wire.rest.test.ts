// Jobs v2 over HTTP, checked against the service's contract: the JobResponse fields of a create
// answer (what is absent until known), the list's headers, the job id rule of the IoT Hub jobs
// guide, and the error bodies, headers and statuses of the refusals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/emulator/clock.ts";
import { errorCode, startTestHub, type TestHub } from "../helpers.ts";

const JOB_RESPONSE_PROPERTIES = [
  "jobId", "queryCondition", "createdTime", "startTime", "endTime", "maxExecutionTimeInSeconds", "type",
  "cloudToDeviceMethod", "updateTwin", "status", "failureReason", "statusMessage", "deviceJobStatistics",
];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const clock = new ManualClock("2026-06-01T00:00:00Z");
let hub: TestHub;
let counter = 0;
// Job ids follow the service's rule (letters, digits, dashes), so no `nextName` underscores here.
const jobId = () => `wire-${++counter}`;
const twinJob = (extra: Record<string, unknown> = {}) => ({
  type: "scheduleUpdateTwin",
  queryCondition: "deviceId = 'Device-1'",
  updateTwin: { etag: "*", tags: { wire: "yes" } },
  maxExecutionTimeInSeconds: 120,
  ...extra,
});

beforeAll(async () => {
  hub = await startTestHub({ clock, tier: "S3" });
  hub.admin.loadFleet(hub.hubName, { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "Device-1" }] });
});
afterAll(async () => { await hub.close(); });

describe("PUT /jobs/v2/{id}", () => {
  it("answers 200 with a JobResponse: queued, createdTime set, startTime and endTime absent until known", async () => {
    const id = jobId();
    const res = await hub.call("PUT", `/jobs/v2/${id}`, { body: { jobId: id, ...twinJob() } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("etag")).toBeNull();
    for (const key of Object.keys(res.body)) expect(JOB_RESPONSE_PROPERTIES).toContain(key);
    // Microsoft's captured create answer is {"jobId","type","status":"queued"}: no startTime for an immediate job.
    expect(res.body).toMatchObject({ jobId: id, type: "scheduleUpdateTwin", status: "queued" });
    expect(res.body).not.toHaveProperty("startTime");
    expect(res.body).not.toHaveProperty("endTime");
    expect(res.body.createdTime).toMatch(ISO);
    await clock.advance(1000);
    const done = (await hub.call("GET", `/jobs/v2/${id}`)).body;
    expect(done.status).toBe("completed");
    expect(done.startTime).toMatch(ISO);
    expect(done.endTime).toMatch(ISO);
  });

  it("echoes a future startTime as an ISO string with status scheduled", async () => {
    const id = jobId();
    const res = await hub.call("PUT", `/jobs/v2/${id}`, { body: twinJob({ startTime: "2026-06-01T01:00:00+00:00" }) });
    expect(res.body).toMatchObject({ status: "scheduled", startTime: "2026-06-01T01:00:00.000Z" });
    expect((await hub.call("POST", `/jobs/v2/${id}/cancel`)).body.status).toBe("cancelled");
  });

  it("refuses a job id the service refuses: over 64 characters, or other than letters, digits and '-'", async () => {
    for (const bad of ["a".repeat(65), "job_1", "job.1", "jöb"]) {
      const res = await hub.call("PUT", `/jobs/v2/${encodeURIComponent(bad)}`, { body: twinJob() });
      expect(res.status).toBe(400);
      expect(errorCode(res.body)).toBe("ArgumentInvalid");
      expect(res.headers.get("iothub-errorcode")).toBe("ArgumentInvalid");
      expect(Object.keys(res.body).sort()).toEqual(["ExceptionMessage", "Message"]);
    }
    const longest = `A-${"9".repeat(62)}`;
    expect((await hub.call("PUT", `/jobs/v2/${longest}`, { body: twinJob() })).status).toBe(200);
    await clock.advance(1000);
  });

  it("refuses a reused id with 409 JobAlreadyExists in the service's error shape", async () => {
    const id = jobId();
    expect((await hub.call("PUT", `/jobs/v2/${id}`, { body: twinJob() })).status).toBe(200);
    const again = await hub.call("PUT", `/jobs/v2/${id}`, { body: twinJob() });
    expect(again.status).toBe(409);
    expect(again.headers.get("iothub-errorcode")).toBe("JobAlreadyExists");
    expect(again.body.Message).toMatch(/^ErrorCode:JobAlreadyExists;/);
    expect(again.body.ExceptionMessage).toMatch(/^Tracking ID:[0-9A-F]+-G:0-TimeStamp:/);
    await clock.advance(1000);
  });
});

describe("POST /jobs/v2/{id}/cancel", () => {
  it("refuses a finished job with 405 OperationNotAllowedInCurrentState, and an unknown one with 404 JobNotFound", async () => {
    const id = jobId();
    await hub.call("PUT", `/jobs/v2/${id}`, { body: twinJob() });
    await clock.advance(1000);
    const finished = await hub.call("POST", `/jobs/v2/${id}/cancel`);
    expect(finished.status).toBe(405);
    expect(finished.headers.get("iothub-errorcode")).toBe("OperationNotAllowedInCurrentState");
    expect(errorCode(finished.body)).toBe("OperationNotAllowedInCurrentState");
    const unknown = await hub.call("POST", "/jobs/v2/never-created/cancel");
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown.body)).toBe("JobNotFound");
  });
});

describe("GET /jobs/v2/query", () => {
  it("answers a bare array with x-ms-item-type jobResponse, and x-ms-continuation only before the last page", async () => {
    const first = await hub.call("GET", "/jobs/v2/query?jobType=scheduleUpdateTwin", { headers: { "x-ms-max-item-count": "1" } });
    expect(first.status).toBe(200);
    expect(Array.isArray(first.body)).toBe(true);
    expect(first.headers.get("x-ms-item-type")).toBe("jobResponse");
    expect(first.headers.get("x-ms-continuation")).toBeTruthy();
    const all = await hub.call("GET", "/jobs/v2/query?jobType=scheduleUpdateTwin");
    expect(all.headers.get("x-ms-item-type")).toBe("jobResponse");
    expect(all.headers.get("x-ms-continuation")).toBeNull();
    for (const job of all.body) for (const key of Object.keys(job)) expect(JOB_RESPONSE_PROPERTIES).toContain(key);
  });
});

describe("devices.jobs rows (POST /devices/query)", () => {
  it("have the documented fields, and a twin job's outcome carries a null deviceMethodResponse", async () => {
    const id = jobId();
    await hub.call("PUT", `/jobs/v2/${id}`, { body: twinJob() });
    await clock.advance(1000);
    const res = await hub.call("POST", "/devices/query", { body: { query: `SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '${id}'` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ms-item-type")).toBe("deviceJob");
    expect(res.body).toHaveLength(1);
    const row = res.body[0];
    expect(Object.keys(row).sort()).toEqual([
      "createdDateTimeUtc", "deviceId", "endTimeUtc", "jobId", "jobType", "lastUpdatedDateTimeUtc", "outcome", "startTimeUtc", "status",
    ]);
    expect(row).toMatchObject({ deviceId: "Device-1", jobId: id, jobType: "scheduleUpdateTwin", status: "completed", outcome: { deviceMethodResponse: null } });
    for (const key of ["startTimeUtc", "endTimeUtc", "createdDateTimeUtc", "lastUpdatedDateTimeUtc"]) expect(row[key]).toMatch(ISO);
  });
});
