// What the program reads back from the stack's checkpoint: job ids per manifest and the stack's
// outputs, and from them the jobs the stack retired.
import { describe, expect, it } from "vitest";
import { recordedStackOf } from "../../src/provider/recorded-stack.ts";
import { retiredJobs } from "../../src/provider/retired-jobs.ts";

const checkpoint = {
  "urn:pulumi:dev::hubjobs::pulumi:pulumi:Stack::hubjobs-dev": { outputs: { retiredJobs: { old: "old-0000aaaa" }, hubHostName: "dev.localhost" } },
  "urn:pulumi:dev::hubjobs::pulumi-nodejs:dynamic/hubjobs:LocalHub::dev": { outputs: { hubName: "dev" } },
  "urn:pulumi:dev::hubjobs::pulumi-nodejs:dynamic/hubjobs:Job::lock": { outputs: { name: "lock", jobId: "lock-1111aaaa" } },
  "urn:pulumi:dev::hubjobs::pulumi-nodejs:dynamic/hubjobs:Job::tags": { outputs: { name: "tags", jobId: "tags-2222bbbb" } },
};

describe("the recorded stack", () => {
  it("reads each job resource's id by manifest name, and the stack's outputs", () => {
    const recorded = recordedStackOf(checkpoint);
    expect(recorded.jobIds).toEqual({ lock: "lock-1111aaaa", tags: "tags-2222bbbb" });
    expect(recorded.outputs).toMatchObject({ retiredJobs: { old: "old-0000aaaa" } });
  });

  it("reads nothing from a stack with no checkpoint, and ignores shapes it does not know", () => {
    expect(recordedStackOf({})).toEqual({ jobIds: {}, outputs: {} });
    expect(recordedStackOf({ "urn:pulumi:dev::hubjobs::pulumi-nodejs:dynamic/hubjobs:Job::x": "not an object" })).toEqual({ jobIds: {}, outputs: {} });
  });

  it("retires every recorded job whose manifest is gone, and keeps what was retired before", () => {
    expect(retiredJobs(recordedStackOf(checkpoint), new Set(["lock"]))).toEqual({ old: "old-0000aaaa", tags: "tags-2222bbbb" });
    expect(retiredJobs(recordedStackOf(checkpoint), new Set(["lock", "tags"]))).toEqual({ old: "old-0000aaaa" });
  });
});
