import { describe, expect, it } from "vitest";
import { ServiceError } from "../../../src/emulator/service-error.ts";
import { validateJobRequest } from "../../../src/emulator/jobs/validate-job-request.ts";

const now = new Date("2026-03-01T00:00:00Z");
const methodJob = (over: Record<string, unknown> = {}, method: Record<string, unknown> = {}) => ({
  type: "scheduleDeviceMethod",
  queryCondition: "DeviceId IN ['Device-1']",
  cloudToDeviceMethod: { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 5, ...method },
  maxExecutionTimeInSeconds: 120,
  ...over,
});
const twinJob = (over: Record<string, unknown> = {}) => ({
  type: "scheduleUpdateTwin",
  queryCondition: "*",
  updateTwin: { etag: "*", tags: { Building: "43" }, properties: { desired: { LocationUpdate: "x" } } },
  ...over,
});

function refusal(id: string, body: unknown): ServiceError {
  try {
    validateJobRequest(id, body, now);
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("validateJobRequest", () => {
  it("normalises the reference method job and fills no default it was given", () => {
    const def = validateJobRequest("j1", methodJob({ jobId: "j1" }), now);
    expect(def).toEqual({
      jobId: "j1",
      type: "scheduleDeviceMethod",
      queryCondition: "DeviceId IN ['Device-1']",
      maxExecutionTimeInSeconds: 120,
      cloudToDeviceMethod: { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 5 },
    });
  });

  it("applies the service defaults: 3600 s execution, 30 s response, 0 s connect", () => {
    const def = validateJobRequest("j", { type: "scheduleDeviceMethod", queryCondition: "*", cloudToDeviceMethod: { methodName: "m" } }, now);
    expect(def.maxExecutionTimeInSeconds).toBe(3600);
    expect(def.cloudToDeviceMethod).toMatchObject({ responseTimeoutInSeconds: 30, connectTimeoutInSeconds: 0, payload: null });
  });

  it("keeps a twin job's tags and desired properties", () => {
    const def = validateJobRequest("t", twinJob(), now);
    expect(def.updateTwin).toEqual({ etag: "*", tags: { Building: "43" }, properties: { desired: { LocationUpdate: "x" } } });
  });

  it("accepts a whole twin as the Java service SDK sends it: empty reported, null fields", () => {
    const javaTwin = {
      deviceId: null, moduleId: null, etag: "*", version: null, status: null, statusReason: null, statusUpdatedTime: null,
      connectionState: null, connectionStateUpdatedTime: null, lastActivityTime: null, capabilities: null, x509Thumbprint: null,
      modelId: null, deviceScope: null, parentScopes: null, configurations: null,
      tags: { Building: "43" },
      properties: { desired: { LocationUpdate: "x" }, reported: {} },
    };
    const def = validateJobRequest("java", twinJob({ updateTwin: javaTwin }), now);
    expect(def.updateTwin).toEqual({ etag: "*", tags: { Building: "43" }, properties: { desired: { LocationUpdate: "x" } } });
    expect(validateJobRequest("java-null", twinJob({ updateTwin: { ...javaTwin, properties: { desired: { a: 1 }, reported: null } } }), now).updateTwin?.properties).toEqual({ desired: { a: 1 } });
  });

  it.each([
    ["missing type", { ...methodJob(), type: undefined }],
    ["unknown type", methodJob({ type: "export" })],
    ["body jobId differs from path", methodJob({ jobId: "other" })],
    ["no queryCondition", methodJob({ queryCondition: undefined })],
    ["a full SELECT instead of a WHERE clause", methodJob({ queryCondition: "SELECT * FROM devices WHERE deviceId = 'a'" })],
    ["a lower-case select", methodJob({ queryCondition: "select * from devices" })],
    ["a condition that does not parse", methodJob({ queryCondition: "deviceId = " })],
    ["startTime not a date", methodJob({ startTime: "tomorrow" })],
    ["startTime more than 168 h ahead", methodJob({ startTime: "2026-03-08T00:00:01Z" })],
    ["maxExecutionTime zero", methodJob({ maxExecutionTimeInSeconds: 0 })],
    ["maxExecutionTime fractional", methodJob({ maxExecutionTimeInSeconds: 1.5 })],
    ["responseTimeout 4", methodJob({}, { responseTimeoutInSeconds: 4 })],
    ["responseTimeout 301", methodJob({}, { responseTimeoutInSeconds: 301 })],
    ["connectTimeout -1", methodJob({}, { connectTimeoutInSeconds: -1 })],
    ["connectTimeout 301", methodJob({}, { connectTimeoutInSeconds: 301 })],
    ["no methodName", methodJob({}, { methodName: "" })],
    ["no cloudToDeviceMethod", methodJob({ cloudToDeviceMethod: undefined })],
    ["payload over 128 KB", methodJob({}, { payload: { blob: "x".repeat(128 * 1024) } })],
    ["twin without etag *", twinJob({ updateTwin: { etag: "AAAA", tags: { a: 1 } } })],
    ["twin with neither tags nor desired", twinJob({ updateTwin: { etag: "*" } })],
    ["twin touching reported properties", twinJob({ updateTwin: { etag: "*", properties: { reported: { a: 1 } } } })],
    ["no updateTwin", twinJob({ updateTwin: undefined })],
    ["not an object", "hello"],
  ])("refuses %s with 400 ArgumentInvalid", (_name, body) => {
    const e = refusal("j1", body);
    expect(e.status).toBe(400);
    expect(e.errorCode).toBe("ArgumentInvalid");
  });

  it("accepts the boundaries: 168 h exactly, timeouts 5/300 and 0/300, payload of exactly 128 KB", () => {
    expect(() => validateJobRequest("a", methodJob({ startTime: "2026-03-08T00:00:00Z" }), now)).not.toThrow();
    expect(() => validateJobRequest("b", methodJob({}, { responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 }), now)).not.toThrow();
    expect(() => validateJobRequest("c", methodJob({}, { responseTimeoutInSeconds: 300, connectTimeoutInSeconds: 300 }), now)).not.toThrow();
    const exact = "x".repeat(128 * 1024 - 2); // JSON.stringify adds the two quotes
    expect(() => validateJobRequest("d", methodJob({}, { payload: exact }), now)).not.toThrow();
  });

  it("names the position of a syntax error in the condition", () => {
    expect(refusal("j", methodJob({ queryCondition: "tags.a = 'x' AND" })).message).toMatch(/column \d+/);
  });

  it("treats '*' as all devices and a past startTime as valid", () => {
    const def = validateJobRequest("j", twinJob({ startTime: "2020-01-01T00:00:00Z" }), now);
    expect(def.queryCondition).toBe("*");
    expect(def.startTime).toBe("2020-01-01T00:00:00.000Z");
  });
});
