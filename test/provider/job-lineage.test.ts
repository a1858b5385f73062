// Which job id a manifest's job gets in a stack: the rule behind "a revert runs again, a retry never".
import { describe, expect, it } from "vitest";
import { jobIdFor, lineageJobId } from "../../src/manifest/job-id.ts";
import { jobIdentity } from "../../src/provider/job-lineage.ts";
import { methodRequest } from "./fixtures.ts";

const name = "lock-doors";
const a = methodRequest("x", { cloudToDeviceMethod: { methodName: "LockDoor", payload: { reason: "A" }, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 } });
const b = methodRequest("x", { cloudToDeviceMethod: { methodName: "LockDoor", payload: { reason: "B" }, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 } });
const kind = "DeviceMethodJob";

describe("jobIdentity", () => {
  it("gives a new resource its first-revision id", () => {
    expect(jobIdentity({}, { name, kind, request: a })).toEqual({ jobId: jobIdFor(name, a) });
  });

  it("A -> B -> A: the revert gets an id of its own, so it runs again; each step computes the same id when retried", () => {
    const first = jobIdentity({}, { name, kind, request: a });
    const second = jobIdentity({ name, kind, request: a, jobId: first.jobId }, { name, kind, request: b });
    expect(second).toEqual({ jobId: lineageJobId(name, b, first.jobId), priorJobId: first.jobId, supersedes: first.jobId });
    const third = jobIdentity({ name, kind, request: b, jobId: second.jobId }, { name, kind, request: a });
    expect(third.supersedes).toBe(second.jobId);
    expect(new Set([first.jobId, second.jobId, third.jobId]).size).toBe(3);
    // A retried up still has the old resource in state (create before delete): same inputs, same id.
    expect(jobIdentity({ name, kind, request: b, jobId: second.jobId }, { name, kind, request: a })).toEqual(third);
  });

  it("keeps the recorded id while the work is the same, even one another rule made", () => {
    expect(jobIdentity({ name, kind, request: a, jobId: "lock-doors-12345678" }, { name, kind, request: { ...a, queryCondition: "deviceId  in  ['Device-1']" } })).toEqual({ jobId: "lock-doors-12345678", priorJobId: "lock-doors-12345678" });
  });

  it("a manifest added back after its removal chains to the retired job, so it runs again after it", () => {
    const retired = jobIdFor(name, a);
    const readded = jobIdentity({}, { name, kind, request: a, retiredJobId: retired });
    expect(readded).toEqual({ jobId: lineageJobId(name, a, `${retired} removed`), supersedes: retired });
    expect(readded.jobId).not.toBe(retired);
  });
});

describe("jobIdentity when the engine checks a replacement again with no old inputs", () => {
  it("follows the job state records, which the program passes as recordedJobId", () => {
    const recorded = jobIdFor(name, a);
    const withOlds = jobIdentity({ name, kind, request: a, jobId: recorded }, { name, kind, request: b, recordedJobId: recorded });
    const recheck = jobIdentity({}, { name, kind, request: b, recordedJobId: recorded });
    expect(recheck).toEqual(withOlds);
    expect(recheck).toEqual({ jobId: lineageJobId(name, b, recorded), priorJobId: recorded, supersedes: recorded });
  });
});
