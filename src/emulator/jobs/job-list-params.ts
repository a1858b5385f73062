// Parameters of GET /jobs/v2/query: the jobType / jobStatus filters and header-based paging.
// The continuation token is opaque to clients; inside it is the creation sequence of the last job sent,
// so pages stay stable while new jobs are created.
import { argumentInvalid } from "./job-errors.ts";
import { MAX_PAGE_SIZE } from "./job-limits.ts";
import type { JobStatus } from "./job-model.ts";

/** Job types of the JobRequest schema; filtering by any of them is valid even if it matches nothing. */
const JOB_TYPES = new Set([
  "unknown", "export", "import", "backup", "readDeviceProperties", "writeDeviceProperties", "updateDeviceConfiguration",
  "rebootDevice", "factoryResetDevice", "firmwareUpdate", "scheduleDeviceMethod", "scheduleUpdateTwin",
  "restoreFromBackup", "failoverDataCopy",
]);

/** Status filter values; `enqueued` is the service's synonym of `queued`; `unknown` matches nothing stored. */
const STATUS_FILTERS: Record<string, JobStatus | "none"> = {
  unknown: "none", enqueued: "queued", queued: "queued", scheduled: "scheduled", running: "running",
  completed: "completed", failed: "failed", cancelled: "cancelled",
};

export interface JobListParams {
  type: string | undefined;
  /** `"none"` when the filter can match no job. */
  status: JobStatus | "none" | undefined;
  afterSeq: number;
  pageSize: number;
}

export function parseJobListParams(query: URLSearchParams, headers: Record<string, string | string[] | undefined>): JobListParams {
  const type = nonEmpty(query.get("jobType"));
  if (type !== undefined && !JOB_TYPES.has(type)) throw argumentInvalid(`jobType '${type}' is not a valid job type.`);
  const statusText = nonEmpty(query.get("jobStatus"));
  const status = statusText === undefined ? undefined : STATUS_FILTERS[statusText];
  if (statusText !== undefined && status === undefined) throw argumentInvalid(`jobStatus '${statusText}' is not a valid job status.`);
  return { type, status, afterSeq: decodeContinuation(header(headers, "x-ms-continuation")), pageSize: pageSize(header(headers, "x-ms-max-item-count")) };
}

export function encodeContinuation(lastSeq: number): string {
  return Buffer.from(JSON.stringify({ after: lastSeq }), "utf8").toString("base64url");
}

function decodeContinuation(token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { after?: unknown };
    if (typeof value.after === "number" && Number.isInteger(value.after) && value.after >= 0) return value.after;
  } catch {
    // fall through to the refusal below
  }
  throw argumentInvalid("x-ms-continuation is not a continuation token issued by this hub.");
}

function pageSize(text: string | undefined): number {
  if (text === undefined) return MAX_PAGE_SIZE;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw argumentInvalid(`x-ms-max-item-count must be a positive integer, got '${text}'.`);
  return Math.min(n, MAX_PAGE_SIZE);
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return nonEmpty(Array.isArray(value) ? value[0] : value);
}

function nonEmpty(v: string | null | undefined): string | undefined {
  return v === null || v === undefined || v.trim() === "" ? undefined : v.trim();
}
