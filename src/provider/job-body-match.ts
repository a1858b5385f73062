// Does a job already on the hub do what our request asks? Used before submitting (adopt, never run
// twice) and on 409 JobAlreadyExists. The hub echoes the request with its defaults filled in, so both
// sides are normalized to the fields that define what the job does.
import type { JobRequest, JobResponse } from "../iothub/types.ts";
import { canonicalCondition } from "../query/index.ts";
import { canonicalJson } from "../util/canonical-json.ts";

function normalize(job: Partial<JobRequest> | JobResponse, compareStartTime: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: job.type,
    // Spelling of the query does not change what the job does (src/query/canonical.ts).
    queryCondition: typeof job.queryCondition === "string" ? canonicalCondition(job.queryCondition) : job.queryCondition,
    maxExecutionTimeInSeconds: job.maxExecutionTimeInSeconds ?? 3600,
  };
  // The hub fills startTime in when we leave it out; compare it only when we asked for one.
  if (compareStartTime) out.startTime = job.startTime ? new Date(job.startTime).getTime() : null;
  const m = job.cloudToDeviceMethod;
  if (m) {
    out.method = {
      methodName: m.methodName,
      payload: m.payload ?? null,
      responseTimeoutInSeconds: m.responseTimeoutInSeconds ?? 30,
      connectTimeoutInSeconds: m.connectTimeoutInSeconds ?? 0,
    };
  }
  const t = job.updateTwin as { tags?: unknown; properties?: { desired?: unknown } } | undefined;
  if (t) out.twin = { tags: t.tags ?? null, desired: t.properties?.desired ?? null };
  return out;
}

/** The names of the fields that differ; empty when the hub's job is ours. */
export function jobBodyDifferences(request: JobRequest, onHub: JobResponse): string[] {
  const withStart = Boolean(request.startTime);
  const a = normalize(request, withStart);
  const b = normalize(onHub, withStart);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k])).sort();
}
