import { describe, expect, it } from "vitest";
import type { JobResponse } from "../../src/iothub/types.ts";
import { judgeOutcome } from "../../src/provider/job-outcome.ts";

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
});
