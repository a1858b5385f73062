import { describe, expect, it } from "vitest";
import type { JobResponse } from "../../src/iothub/types.ts";
import { jobBodyDifferences } from "../../src/provider/job-body-match.ts";
import { methodRequest } from "./fixtures.ts";

describe("jobBodyDifferences", () => {
  const request = methodRequest("j1", { maxExecutionTimeInSeconds: undefined, cloudToDeviceMethod: { methodName: "LockDoor" } });

  it("accepts the hub's echo with defaults and server fields filled in", () => {
    const onHub: JobResponse = {
      jobId: "j1", type: "scheduleDeviceMethod", status: "completed", queryCondition: request.queryCondition,
      startTime: "2026-11-26T05:00:00Z", createdTime: "2026-11-26T05:00:00Z", maxExecutionTimeInSeconds: 3600,
      cloudToDeviceMethod: { methodName: "LockDoor", payload: null, responseTimeoutInSeconds: 30, connectTimeoutInSeconds: 0 },
    };
    expect(jobBodyDifferences(request, onHub)).toEqual([]);
  });

  it("names what differs", () => {
    const onHub: JobResponse = { jobId: "j1", type: "scheduleDeviceMethod", status: "queued", queryCondition: "*", cloudToDeviceMethod: { methodName: "Reboot" } };
    expect(jobBodyDifferences(request, onHub)).toEqual(["method", "queryCondition"]);
  });

  it("compares start times as instants when we asked for one", () => {
    const scheduled = methodRequest("j1", { startTime: "2026-12-24T18:00:00Z" });
    const echo = { ...scheduled, type: "scheduleDeviceMethod" as const, status: "scheduled" as const, startTime: "2026-12-24T18:00:00.000Z" };
    expect(jobBodyDifferences(scheduled, echo)).toEqual([]);
    expect(jobBodyDifferences(scheduled, { ...echo, startTime: "2026-12-25T18:00:00Z" })).toEqual(["startTime"]);
  });

  it("compares twin tags and desired properties", () => {
    const twin = { jobId: "t", type: "scheduleUpdateTwin" as const, queryCondition: "*", updateTwin: { etag: "*", tags: { Building: "43" }, properties: { desired: { x: 1 } } } };
    expect(jobBodyDifferences(twin, { ...twin, status: "completed", updateTwin: { deviceId: null, etag: "*", properties: { desired: { x: 1 } }, tags: { Building: "43" } } })).toEqual([]);
    expect(jobBodyDifferences(twin, { ...twin, status: "completed", updateTwin: { etag: "*", tags: { Building: "44" }, properties: { desired: { x: 1 } } } })).toEqual(["twin"]);
  });
});
