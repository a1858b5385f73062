// `npm start`'s summary: one line per job as `pulumi up` recorded it, and a pointer to the live
// status for jobs that had not ended then (a job that does not wait is recorded as queued).
import { describe, expect, it } from "vitest";
import { formatJobOutcomes, unfinishedNote, type JobOutput } from "../../scripts/lib/job-outcomes.ts";

const stats = (succeeded: number, failed: number, pending = 0) => ({ deviceCount: succeeded + failed + pending, succeededCount: succeeded, failedCount: failed, runningCount: 0, pendingCount: pending });

const jobs: Record<string, JobOutput> = {
  "lock-doors-building-43": { jobId: "lock-doors-building-43-861cea1f", status: "completed", statistics: stats(13, 3), failedDevices: [{ deviceId: "Device-4", errorCode: "DeviceNotOnline" }] },
  "lock-doors-jammed": {
    jobId: "lock-doors-jammed-0a1b2c3d", status: "completed", statistics: stats(2, 0), deviceErrorCount: 1,
    failedDevices: [{ deviceId: "Device-3", methodStatus: 500 }],
  },
  "nightly-lock-all": { jobId: "nightly-lock-all-e0194524", status: "queued", statistics: stats(0, 0) },
};

describe("formatJobOutcomes", () => {
  it("prints one line per job, sorted, with counts, first failed devices and the job id", () => {
    const lines = formatJobOutcomes(jobs).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ {2}lock-doors-building-43 +completed +13\/16 succeeded, 3 failed, 0 pending; failed: Device-4 \(DeviceNotOnline\) +\[lock-doors-building-43-861cea1f\]$/);
    expect(lines[2]).toMatch(/^ {2}nightly-lock-all +queued/);
  });

  it("shows devices that answered the method with an error status, which the hub counts as succeeded", () => {
    const line = formatJobOutcomes(jobs).split("\n")[1];
    expect(line).toContain("2/2 succeeded, 1 answered an error, 0 failed");
    expect(line).toContain("failed: Device-3 (method returned 500)");
  });
});

describe("unfinishedNote", () => {
  it("names the jobs recorded before they ended and points at hubjobs status --watch", () => {
    const note = unfinishedNote(jobs);
    expect(note).toContain("nightly-lock-all");
    expect(note).not.toContain("lock-doors-building-43");
    expect(note).toContain("npx hubjobs status --watch");
  });

  it("says nothing when every job had ended", () => {
    expect(unfinishedNote({ a: { status: "completed" }, b: { status: "failed" }, c: { status: "cancelled" } })).toBeUndefined();
  });
});
