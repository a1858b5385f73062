// Which jobs a preview counts: those state does not record, unchanged, from an earlier deployment.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { runsNothing, jobsToCount, knownValue, type BlastJob, type RecordedJob } from "../../src/blast/index.ts";

const job = (name: string): BlastJob => ({ name, jobId: `${name}-abc123`, request: { type: "scheduleUpdateTwin", queryCondition: "*" } });
const runStartedAt = Date.parse("2026-06-01T12:00:00Z");
const before = "2026-06-01T11:59:59.000Z";

describe("runsNothing", () => {
  it("is true for a job applied before this run (the engine handed the preview its recorded outputs)", () => {
    expect(runsNothing({ jobId: "a-abc123", appliedAt: before }, runStartedAt)).toBe(true);
  });
  it("is true for a state-only update (check kept the recorded id)", () => {
    expect(runsNothing({ jobId: "a-abc123", appliedAt: undefined, priorJobId: "a-abc123" }, runStartedAt)).toBe(true);
  });
  it.each<[string, RecordedJob]>([
    ["a replacement (check chained a new id to the recorded one)", { jobId: "a-0ther1d", appliedAt: undefined, priorJobId: "a-abc123", supersedes: "a-abc123" }],
    ["a create (nothing recorded)", { jobId: "a-abc123", appliedAt: undefined }],
    ["an unknown job id", { jobId: undefined, appliedAt: undefined }],
    ["applied during this run", { jobId: "a-abc123", appliedAt: "2026-06-01T12:00:00.000Z" }],
    ["an unreadable timestamp", { jobId: "a-abc123", appliedAt: "yesterday" }],
  ])("is false for %s", (_label, recorded) => {
    expect(runsNothing(recorded, runStartedAt)).toBe(false);
  });
});

describe("knownValue", () => {
  it("resolves a known output to its value", async () => {
    expect(await knownValue(pulumi.output("a-abc123"))).toBe("a-abc123");
  });
  it("resolves an unknown output to undefined, where apply would never call back", async () => {
    expect(await knownValue(pulumi.output(pulumi.unknown as unknown as string))).toBeUndefined();
  });
  it("reads anything that is not an SDK output as unknown", async () => {
    expect(await knownValue({ apply: () => undefined } as unknown as pulumi.Output<string>)).toBeUndefined();
  });
});

describe("jobsToCount", () => {
  it("keeps the order of the jobs to count and names the unchanged ones", async () => {
    const states: Record<string, RecordedJob | undefined> = {
      a: { jobId: "a-abc123", appliedAt: before },
      b: { jobId: undefined, appliedAt: undefined },
      c: undefined,
      d: { jobId: "d-abc123", appliedAt: before },
    };
    const split = await jobsToCount(["a", "b", "c", "d"].map(job), async (name) => states[name], runStartedAt);
    expect(split.count.map((j) => j.name)).toEqual(["b", "c"]);
    expect(split.unchanged).toEqual(["a", "d"]);
  });

  it("counts a replacement under the id the stack gives it, with the job it supersedes", async () => {
    const split = await jobsToCount([job("a")], async () => ({ jobId: "a-11112222", appliedAt: undefined, priorJobId: "a-abc123", supersedes: "a-abc123" }), runStartedAt);
    expect(split.count).toEqual([{ ...job("a"), jobId: "a-11112222", supersedes: "a-abc123" }]);
  });
});
