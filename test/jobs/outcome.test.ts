import { describe, expect, it } from "vitest";
import type { JobResponse } from "../../src/iothub/types.ts";
import { describeDevice, judgeOutcome } from "../../src/jobs/index.ts";

const completion = { wait: true, timeoutSeconds: 60, maxFailedPercent: 10 };
const stats = (deviceCount: number, failedCount: number) => ({ deviceCount, failedCount, succeededCount: deviceCount - failedCount, runningCount: 0, pendingCount: 0 });
const job = (status: JobResponse["status"], deviceCount = 10, failedCount = 0): JobResponse => ({ jobId: "lock-1a2b", type: "scheduleDeviceMethod", status, deviceJobStatistics: stats(deviceCount, failedCount) });
const failed = [{ deviceId: "Device-3", status: "failed", errorCode: "404103", errorDescription: "DeviceNotOnline" }];

describe("judgeOutcome", () => {
  it("passes a completed job within the threshold", () => {
    expect(judgeOutcome("lock", job("completed", 10, 1), completion, [], false)).toMatchObject({ ok: true });
    expect(judgeOutcome("lock", job("completed", 0, 0), completion, [], false)).toMatchObject({ ok: true });
  });

  it("fails a completed job above maxFailedPercent, naming job, counts and devices", () => {
    const o = judgeOutcome("lock", job("completed", 10, 2), completion, failed, false);
    expect(o).toMatchObject({ ok: false, problem: "tooManyFailures" });
    expect(o.message).toContain("lock (lock-1a2b)");
    expect(o.message).toContain("2 failed");
    expect(o.message).toContain("Device-3 (404103: DeviceNotOnline)");
  });

  it.each([
    ["failed", false, "failed"],
    ["cancelled", false, "cancelled"],
    ["running", true, "timedOut"],
  ] as const)("reports status %s (timed out: %s) as %s", (status, timedOut, problem) => {
    expect(judgeOutcome("lock", job(status), completion, [], timedOut)).toMatchObject({ ok: false, problem });
  });

  it("does not judge a job that was not waited for", () => {
    expect(judgeOutcome("lock", job("scheduled", 0, 0), completion, [], false)).toMatchObject({ ok: true });
  });

  describe("with devices that answered an error status", () => {
    const jammed = [{ deviceId: "Device-3", status: "completed", methodStatus: 500, methodPayload: '{"error":"lock jammed"}' }];

    it("adds them to the failed share and names them with their answer", () => {
      const o = judgeOutcome("lock", job("completed", 10, 0), completion, jammed, false, { count: 2, capped: false });
      expect(o).toMatchObject({ ok: false, problem: "tooManyFailures" });
      expect(o.message).toContain("20% of devices failed (allowed 10%)");
      expect(o.message).toContain("2 devices answered the method with an error status");
      expect(o.message).toContain('Device-3 (method returned 500: {"error":"lock jammed"})');
      expect(judgeOutcome("lock", job("completed", 10, 0), completion, jammed, false, { count: 1, capped: false })).toMatchObject({ ok: true });
    });

    it("says 'at least' for a capped count, and does not pass one that stays under the threshold", () => {
      const over = judgeOutcome("lock", job("completed", 100, 5), completion, jammed, false, { count: 10, capped: true });
      expect(over).toMatchObject({ ok: false, problem: "tooManyFailures" });
      expect(over.message).toContain("at least 15% of devices failed");
      expect(over.message).toContain("at least 10 devices answered");
      const under = judgeOutcome("lock", job("completed", 1000, 5), completion, jammed, false, { count: 10, capped: true });
      expect(under).toMatchObject({ ok: false, problem: "failureShareUnknown" });
      expect(under.message).toContain("cannot be shown to be within 10%");
    });

    it("never counts more failures than devices", () => {
      const o = judgeOutcome("lock", job("completed", 2, 2), { ...completion, maxFailedPercent: 99 }, jammed, false, { count: 1, capped: false });
      expect(o.message).toContain("100% of devices failed");
    });
  });

  it("describes unreachable devices by error and answering devices by status and payload", () => {
    expect(describeDevice(failed[0]!)).toBe("Device-3 (404103: DeviceNotOnline)");
    expect(describeDevice({ deviceId: "D", status: "failed" })).toBe("D (failed)");
    expect(describeDevice({ deviceId: "D", status: "completed", methodStatus: 404 })).toBe("D (method returned 404)");
  });
});
