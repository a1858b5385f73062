// The wire shapes: a JobResponse for a job, and a `devices.jobs` document for a per-device row.
import type { JobRecord } from "./job-model.ts";
import type { DeviceJobRow } from "./job-store.ts";

const iso = (ms: number) => new Date(ms).toISOString();

/** The JobResponse of the 2021-04-12 API; times and reasons appear only once they are known. */
export function toJobResponse(job: JobRecord): Record<string, unknown> {
  const d = job.definition;
  const body: Record<string, unknown> = { jobId: d.jobId, type: d.type, queryCondition: d.queryCondition };
  if (d.cloudToDeviceMethod) body.cloudToDeviceMethod = d.cloudToDeviceMethod;
  if (d.updateTwin) body.updateTwin = d.updateTwin;
  body.createdTime = iso(job.createdMs);
  if (job.startMs !== undefined) body.startTime = iso(job.startMs);
  if (job.endMs !== undefined) body.endTime = iso(job.endMs);
  body.maxExecutionTimeInSeconds = d.maxExecutionTimeInSeconds;
  body.status = job.status;
  if (job.failureReason !== undefined) body.failureReason = job.failureReason;
  if (job.statusMessage !== undefined) body.statusMessage = job.statusMessage;
  body.deviceJobStatistics = { ...job.stats };
  return body;
}

/**
 * What the service answers for a job id it does not know or no longer remembers (history expires
 * after 30 days): 200 with an `unknown` job rather than 404, as observed on real hubs.
 */
export const UNKNOWN_JOB_RESPONSE: Readonly<Record<string, unknown>> = Object.freeze({ type: "unknown", status: "unknown" });

/** A `devices.jobs` row as `SELECT * FROM devices.jobs` returns it. */
export function toDeviceJobDocument(row: DeviceJobRow): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    deviceId: row.deviceId,
    jobId: row.jobId,
    jobType: row.jobType,
    status: row.status,
  };
  if (row.startMs !== undefined) doc.startTimeUtc = iso(row.startMs);
  if (row.endMs !== undefined) doc.endTimeUtc = iso(row.endMs);
  doc.createdDateTimeUtc = iso(row.createdMs);
  doc.lastUpdatedDateTimeUtc = iso(row.updatedMs);
  // The query guide's example row of a twin job carries `"outcome": {"deviceMethodResponse": null}`:
  // the outcome is always there, the method answer null until (or unless) a device answered.
  doc.outcome = { deviceMethodResponse: row.methodResponse ?? null };
  // A device's answer also appears as `cloudToDeviceMethod` ({status, payload}) next to the outcome:
  // Microsoft's Java service SDK (iot-service-client 2.x, ScheduledJob) reads the answer from there,
  // and its end-to-end test against real hubs asserts the device's status and payload through it.
  // Rows without an answer (failed, pending) have no such field, as in the SDK's captured rows.
  if (row.jobType === "scheduleDeviceMethod" && row.methodResponse) doc.cloudToDeviceMethod = { ...row.methodResponse };
  if (row.error) doc.error = row.error;
  return doc;
}
