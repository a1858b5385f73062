import { describe, expect, it } from "vitest";
import { diffJob } from "../../src/provider/job-diff.ts";
import type { JobInputs, JobOutputs } from "../../src/provider/job-types.ts";
import { requestDigest } from "../../src/provider/request-digest.ts";
import { jobInputs } from "./fixtures.ts";

const hub = { hostName: "dev.hubjobs.localhost", endpoint: "http://127.0.0.1:4300", auth: "sas" as const, connectionString: "HostName=dev.hubjobs.localhost;SharedAccessKeyName=registryReadWrite;SharedAccessKey=AAAA" };

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

const base = jobInputs("lock-doors", "lock-doors-abc123", hub);

describe("diffJob", () => {
  it("reports no change for the same inputs, whatever the key order", () => {
    const reordered = JSON.parse(JSON.stringify({ ...base, request: Object.fromEntries(Object.entries(base.request).reverse()) }));
    reordered.request.cloudToDeviceMethod = Object.fromEntries(Object.entries(base.request.cloudToDeviceMethod!).reverse());
    reordered.completion = { maxFailedPercent: 0, timeoutSeconds: 60, wait: true };
    expect(diffJob(recorded(base), reordered)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
  });

  it.each([
    ["method name", { request: { ...base.request, cloudToDeviceMethod: { ...base.request.cloudToDeviceMethod!, methodName: "UnlockDoor" } } }, ["request"]],
    ["target", { request: { ...base.request, queryCondition: "deviceId IN ['Device-2']" } }, ["request"]],
    ["schedule", { request: { ...base.request, startTime: "2026-12-24T18:00:00Z" } }, ["request"]],
    ["job id", { jobId: "lock-doors-def456" }, ["jobId"]],
    ["hub host", { hub: { ...hub, hostName: "other.hubjobs.localhost" } }, ["hub"]],
  ] as const)("replaces (old job first) when the %s changes", (_what, change, replaces) => {
    const d = diffJob(recorded(base), { ...base, ...change } as JobInputs);
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual(replaces);
    expect(d.deleteBeforeReplace).toBe(true);
  });

  it.each([
    ["description", { description: "Lock it now" }],
    ["labels", { labels: { team: "security" } }],
    ["completion", { completion: { wait: true, timeoutSeconds: 600, maxFailedPercent: 10 } }],
    ["connection string", { hub: { ...hub, connectionString: "HostName=dev.hubjobs.localhost;SharedAccessKeyName=registryReadWrite;SharedAccessKey=BBBB" } }],
  ] as const)("updates in place when the %s changes", (_what, change) => {
    const d = diffJob(recorded(base), { ...base, ...change } as JobInputs);
    expect(d).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
  });

  it("never announces a replacement for a hub that is not known yet (preview while the hub changes)", () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(diffJob(recorded(base), { ...base, hub: unknown as never })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
    expect(diffJob(recorded(base), { ...base, hub: { ...hub, hostName: unknown } })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
  });

  it("treats a removed description as a change", () => {
    const { description: _d, ...withoutDescription } = base;
    expect(diffJob(recorded(base), withoutDescription).changes).toBe(true);
  });
});
