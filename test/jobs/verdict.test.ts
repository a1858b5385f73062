// The one verdict: a manifest's rule (maxFailedPercent, a cancelled job fails) and the rule for a job
// no manifest describes (any failed device fails, a cancelled job is only reported).
import { describe, expect, it } from "vitest";
import { anyFailedDeviceFails, describeRule, judgedStatistics, judgeJob, manifestRule } from "../../src/jobs/index.ts";

const stats = (succeeded: number, failed: number, running = 0) => ({ deviceCount: succeeded + failed + running, succeededCount: succeeded, failedCount: failed, runningCount: running, pendingCount: 0 });
const tenPercent = manifestRule(10);

describe("judgeJob", () => {
  it("passes a completed job whose failed share is within the manifest's maxFailedPercent, and fails one above it", () => {
    expect(judgeJob("completed", stats(29, 2), tenPercent)).toEqual({ outcome: "succeeded" });
    expect(judgeJob("completed", stats(27, 4), tenPercent)).toMatchObject({ outcome: "failed", problem: "tooManyFailures" });
    expect(judgeJob("completed", stats(29, 2), anyFailedDeviceFails)).toMatchObject({ outcome: "failed", problem: "tooManyFailures" });
  });

  it("counts devices that answered an error as failed, and a capped count within the rule as unknown", () => {
    expect(judgeJob("completed", stats(30, 1), tenPercent, { count: 1, capped: false })).toEqual({ outcome: "succeeded" });
    expect(judgeJob("completed", stats(30, 1), tenPercent, { count: 3, capped: false })).toMatchObject({ outcome: "failed", problem: "tooManyFailures" });
    expect(judgeJob("completed", stats(2000, 0), tenPercent, { count: 1000, capped: true })).toMatchObject({ outcome: "failed", problem: "tooManyFailures" });
    expect(judgeJob("completed", stats(20_000, 0), tenPercent, { count: 1000, capped: true })).toMatchObject({ outcome: "failed", problem: "failureShareUnknown" });
  });

  it("fails a cancelled job under a manifest's rule, and only reports one that no manifest describes unless devices failed", () => {
    expect(judgeJob("cancelled", stats(0, 0), tenPercent)).toMatchObject({ outcome: "failed", problem: "cancelled" });
    expect(judgeJob("cancelled", stats(0, 0), anyFailedDeviceFails)).toEqual({ outcome: "cancelled" });
    expect(judgeJob("cancelled", stats(1, 1), anyFailedDeviceFails)).toMatchObject({ outcome: "failed", problem: "tooManyFailures" });
  });

  it("fails a job the hub failed, and one that did not end before its waiter's timeout", () => {
    expect(judgeJob("failed", stats(0, 0), tenPercent)).toMatchObject({ outcome: "failed", problem: "failed" });
    expect(judgeJob("running", stats(1, 0, 3), tenPercent, undefined, true)).toMatchObject({ outcome: "failed", problem: "timedOut" });
    expect(judgeJob("completed", stats(4, 0), tenPercent, undefined, true)).toEqual({ outcome: "succeeded" });
  });

  it("judges a running job early only when no failure is allowed: a share can still fall as the hub adds devices", () => {
    expect(judgeJob("running", stats(1, 1, 8), anyFailedDeviceFails)).toMatchObject({ outcome: "failed", problem: "tooManyFailures" });
    expect(judgeJob("running", stats(1, 1, 8), manifestRule(0))).toMatchObject({ outcome: "failed" });
    expect(judgeJob("running", stats(1, 5, 4), tenPercent)).toEqual({ outcome: "unfinished" });
    expect(judgeJob("queued", stats(0, 0), tenPercent)).toEqual({ outcome: "unfinished" });
  });
});

describe("describeRule", () => {
  it("says what fails the job", () => {
    expect(describeRule(manifestRule(0))).toBe("fail if any device fails, or if cancelled");
    expect(describeRule(tenPercent)).toBe("fail if more than 10% of devices fail, or if cancelled");
    expect(describeRule(anyFailedDeviceFails)).toBe("fail if any device fails");
  });
});

describe("judgedStatistics", () => {
  it("moves devices that answered an error from the hub's succeeded count to failed", () => {
    expect(judgedStatistics(stats(30, 1), { count: 1, capped: false })).toMatchObject({ succeededCount: 29, failedCount: 2, deviceCount: 31 });
    expect(judgedStatistics(stats(1, 0), { count: 5, capped: true })).toMatchObject({ succeededCount: 0, failedCount: 1 });
  });
});
