import { describe, expect, it } from "vitest";
import { blastRadiusOutput, describeJobBlastRadius, formatBlastRadius, type BlastRadiusReport, type JobBlastRadius } from "../../src/blast/index.ts";

const method: JobBlastRadius = {
  name: "lock-doors",
  jobId: "lock-doors-1a2b",
  type: "scheduleDeviceMethod",
  queryCondition: "*",
  matched: 12408,
  offline: 31,
  queue: { kind: "waits", busySlots: 1, limit: 1, waitsFor: 1 },
};
const twin: JobBlastRadius = { ...method, name: "tag-b43", jobId: "tag-b43-9f", type: "scheduleUpdateTwin", matched: 1, offline: 0, queue: { kind: "starts", busySlots: 0, limit: 1 } };

describe("blast radius text", () => {
  it("names the device count with thousands separators, the offline share and the queue", () => {
    const text = describeJobBlastRadius(method);
    expect(text).toContain("lock-doors: this job touches 12,408 devices");
    expect(text).toContain("31 offline, which will fail");
    expect(text).toContain("waits for 1 other job");
  });

  it("does not call offline devices failures for twin jobs", () => {
    expect(describeJobBlastRadius({ ...twin, offline: 2 })).toContain("2 offline, updated when they reconnect");
    expect(describeJobBlastRadius(twin)).toContain("touches 1 device (none offline); starts at once");
  });

  it("says nothing new runs for a job already on the hub", () => {
    expect(describeJobBlastRadius({ ...twin, queue: { kind: "existing", status: "completed" } })).toContain("already on the hub (completed)");
  });

  it("states an assumed tier in the header", () => {
    const report: BlastRadiusReport = { tier: "S1", tierKnown: false, activeJobs: 1, jobs: [method, twin] };
    const lines = formatBlastRadius(report);
    expect(lines[0]).toBe("Blast radius on the hub now: tier S1 (assumed; pass --tier), 1 active job");
    expect(lines).toHaveLength(3);
    expect(blastRadiusOutput(report)["lock-doors"]).toMatchObject({ matched: 12408, offline: 31 });
  });
});
