// `SELECT ... FROM devices.jobs` over the per-device rows. Almost every such query names one job
// (`WHERE devices.jobs.jobId = '<id>'`), so that equality is read from the syntax tree and pushed
// down to SQLite; the full condition is still evaluated by the shared query engine on what remains.
import { runQuery, type Expression, type Query } from "../../query/index.ts";
import { toDeviceJobDocument } from "./job-response.ts";
import type { JobStore } from "./job-store.ts";

export function queryDeviceJobs(store: JobStore, hub: string, query: Query): unknown[] {
  const jobId = query.where ? requiredJobId(query.where) : undefined;
  const rows = jobId === undefined ? store.deviceJobRows(hub) : store.deviceJobRowsOf(hub, jobId);
  return runQuery(query, rows.map(toDeviceJobDocument));
}

/** The job id a condition requires (`jobId = 'x'` alone or inside a chain of ANDs), if any. */
export function requiredJobId(condition: Expression): string | undefined {
  if (condition.kind === "and") return requiredJobId(condition.left) ?? requiredJobId(condition.right);
  if (condition.kind !== "comparison" || condition.operator !== "=") return undefined;
  const { left, right } = condition;
  if (left.kind === "path" && right.kind === "literal") return jobIdEquality(left.segments, right.value);
  if (right.kind === "path" && left.kind === "literal") return jobIdEquality(right.segments, left.value);
  return undefined;
}

function jobIdEquality(segments: readonly string[], value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const names = segments.map((s) => s.toLowerCase());
  const isJobId = names.length === 1 ? names[0] === "jobid" : names.length === 3 && names[0] === "devices" && names[1] === "jobs" && names[2] === "jobid";
  return isJobId ? value : undefined;
}
