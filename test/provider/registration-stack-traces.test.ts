// Registering a job resource takes no stack traces for the SDK's promise bookkeeping, and leaves the
// process's stack-trace setting as it found it.
import { afterEach, describe, expect, it } from "vitest";
import { JobResource } from "../../src/provider/job-provider.ts";
import { suspendStackTraces } from "../../src/provider/registration-stack-traces.ts";
import { installMocks } from "../program/mocks.ts";
import { jobInputs, methodRequest } from "./fixtures.ts";

const original = { limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace };
afterEach(() => {
  Error.stackTraceLimit = original.limit;
  Error.prepareStackTrace = original.prepare;
});

describe("suspendStackTraces", () => {
  it("captures no frames until restored, then restores the previous limit", () => {
    Error.stackTraceLimit = 7;
    const restore = suspendStackTraces();
    expect(new Error("x").stack).toBe("Error: x");
    restore();
    expect(Error.stackTraceLimit).toBe(7);
    expect(new Error("y").stack).toContain("\n    at ");
  });
});

describe("JobResource", () => {
  it("formats at most one stack trace with frames while registering (the resource's own source position)", async () => {
    await installMocks();
    const withFrames: number[] = [];
    Error.prepareStackTrace = (error, frames) => {
      if (frames.length > 0) withFrames.push(frames.length);
      return `${error}`;
    };
    const limitBefore = Error.stackTraceLimit;
    const id = "lock-doors-device-1-abc123";
    new JobResource("lock-doors-device-1", jobInputs("lock-doors-device-1", id, { hostName: "h.azure-devices.net", auth: "sas", connectionString: "" }, { request: methodRequest(id) }));
    Error.prepareStackTrace = original.prepare;
    // Without the suspension the SDK records about four traces per property (some 90 here).
    expect(withFrames.length).toBeLessThanOrEqual(1);
    expect(Error.stackTraceLimit).toBe(limitBefore);
  });
});
