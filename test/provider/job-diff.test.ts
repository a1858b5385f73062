// What `pulumi preview` announces for each change: the engine calls check (old inputs, new inputs),
// then diff (recorded outputs, checked inputs). These tests go through both, as the engine does.
import { describe, expect, it } from "vitest";
import { checkJob } from "../../src/provider/job-check.ts";
import { diffJob } from "../../src/provider/job-diff.ts";
import type { JobInputs, JobOutputs } from "../../src/provider/job-types.ts";
import { requestDigest } from "../../src/provider/request-digest.ts";
import { jobIdFor } from "../../src/manifest/job-id.ts";
import { jobInputs, methodRequest } from "./fixtures.ts";

const hub = { hostName: "dev.hubjobs.localhost", endpoint: "http://127.0.0.1:4300", auth: "sas" as const, connectionString: "HostName=dev.hubjobs.localhost;SharedAccessKeyName=registryReadWrite;SharedAccessKey=AAAA" };
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function checked(olds: Partial<JobInputs>, news: JobInputs): JobInputs {
  const result = checkJob(olds, news);
  expect(result.failures).toBeUndefined();
  return result.inputs!;
}

function recorded(inputs: JobInputs): JobOutputs {
  const { request, ...rest } = inputs;
  return {
    ...rest,
    requestDigest: requestDigest(request),
    type: request.type,
    status: "completed",
    deviceJobStatistics: { deviceCount: 1, failedCount: 0, succeededCount: 1, runningCount: 0, pendingCount: 0 },
    failedDevices: [],
    appliedAt: "2026-11-26T00:00:00.000Z",
    adopted: false,
    outcome: { ok: true, message: "ok" },
  };
}

/** The program's inputs for a request: the first-revision id, as compile gives it. */
function programInputs(overrides: Partial<JobInputs> = {}): JobInputs {
  const request = overrides.request ?? methodRequest("x");
  const jobId = jobIdFor("lock-doors", request);
  return jobInputs("lock-doors", jobId, hub, { ...overrides, request: { ...request, jobId } });
}

/** A first `up`, then the engine's check and diff for `next`. */
function diffAfter(first: JobInputs, next: JobInputs) {
  const applied = checked({}, first);
  const news = checked(applied, next);
  return { news, diff: diffJob(recorded(applied), news) };
}

const base = programInputs();

describe("diffJob after checkJob", () => {
  it("reports no change for the same inputs, whatever the key order", () => {
    const reordered = JSON.parse(JSON.stringify({ ...base, request: Object.fromEntries(Object.entries(base.request).reverse()) }));
    reordered.request.cloudToDeviceMethod = Object.fromEntries(Object.entries(base.request.cloudToDeviceMethod!).reverse());
    reordered.completion = { maxFailedPercent: 0, timeoutSeconds: 60, wait: true };
    expect(diffAfter(base, reordered).diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("reports no change when only the query's spelling changes, and keeps the recorded id", () => {
    const first = programInputs({ request: methodRequest("x", { queryCondition: "tags.Building='43' and tags.Floor='3'" }) });
    const respelled = programInputs({ request: methodRequest("x", { queryCondition: "(tags.Building = \"43\")  AND  (tags.Floor = '3')" }) });
    const { news, diff } = diffAfter(first, respelled);
    expect(diff.changes).toBe(false);
    expect(news.jobId).toBe(checked({}, first).jobId);
  });

  it.each([
    ["method name", { request: { ...base.request, cloudToDeviceMethod: { ...base.request.cloudToDeviceMethod!, methodName: "UnlockDoor" } } }],
    ["target", { request: { ...base.request, queryCondition: "deviceId IN ['Device-2']" } }],
    ["schedule", { request: { ...base.request, startTime: "2026-12-24T18:00:00Z" } }],
  ] as const)("replaces when the %s changes, under a new id chained to the recorded one", (_what, change) => {
    const { news, diff } = diffAfter(base, programInputs(change as Partial<JobInputs>));
    expect(diff).toEqual({ changes: true, replaces: ["request"], deleteBeforeReplace: false });
    expect(news.supersedes).toBe(base.jobId);
    expect(news.priorJobId).toBe(base.jobId);
    expect(news.jobId).not.toBe(base.jobId);
    expect(news.jobId).not.toBe(jobIdFor("lock-doors", news.request));
    expect(news.request.jobId).toBe(news.jobId);
  });

  it("replaces when the hub host changes, and when it is unknown with no recorded hub identity", () => {
    expect(diffAfter(base, { ...base, hub: { ...hub, hostName: "other.hubjobs.localhost" } }).diff.replaces).toEqual(["hub"]);
    expect(diffAfter(base, { ...base, hub: unknown as never }).diff.replaces).toEqual(["hub"]);
    expect(diffAfter(base, { ...base, hub: { ...hub, hostName: unknown } }).diff.replaces).toEqual(["hub"]);
  });

  it("decides by the configured hub identity when both sides have it: an unknown or renamed host of the same hub runs nothing", () => {
    const withIdentity = { ...base, hubIdentity: "local/dev" };
    expect(diffAfter(withIdentity, { ...withIdentity, hub: unknown as never }).diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(diffAfter(withIdentity, { ...withIdentity, hub: { ...hub, hostName: "localhost" } }).diff.replaces).toEqual([]);
    expect(diffAfter(withIdentity, { ...withIdentity, hubIdentity: "local/other" }).diff.replaces).toEqual(["hub"]);
  });

  it.each([
    ["description", { description: "Lock it now" }],
    ["labels", { labels: { team: "security" } }],
    ["completion", { completion: { wait: true, timeoutSeconds: 600, maxFailedPercent: 10 } }],
    ["connection string", { hub: { ...hub, connectionString: "HostName=dev.hubjobs.localhost;SharedAccessKeyName=registryReadWrite;SharedAccessKey=BBBB" } }],
  ] as const)("updates in place when the %s changes, keeping the job id", (_what, change) => {
    const { news, diff } = diffAfter(base, { ...base, ...change });
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(news.jobId).toBe(base.jobId);
    expect(news.supersedes).toBeUndefined();
  });

  it("treats a removed description as a change", () => {
    const { description: _d, ...withoutDescription } = base;
    expect(diffAfter(base, withoutDescription).diff.changes).toBe(true);
  });

  it("keeps the id of a stack applied by an earlier hubjobs, whatever rule made it (upgrade)", () => {
    const legacy = { ...base, jobId: "lock-doors-0ld1d000", request: { ...base.request, jobId: "lock-doors-0ld1d000" } };
    const news = checked(legacy, base);
    expect(news.jobId).toBe("lock-doors-0ld1d000");
    expect(diffJob(recorded(legacy), news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });
});
