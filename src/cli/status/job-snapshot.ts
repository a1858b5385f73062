// What `hubjobs status` knows about one job at one moment, read from the hub, and how it is judged.
import { isFinished, type DeviceJobRow, type DeviceJobStatistics, type JobResponse } from "../../iothub/index.ts";
import type { DeviceErrorClient } from "../../provider/device-errors.ts";
import { failedRowsQuery } from "../../provider/failed-devices.ts";
import type { DeviceErrorCount } from "../../provider/job-types.ts";
import type { DeviceErrorLookup } from "./device-error-lookup.ts";

export interface FailedDevice {
  deviceId: string;
  status: string;
  /** The service's error code, e.g. DeviceNotOnline; or `method returned <n>` for a device that answered an error. */
  error: string;
  description?: string;
  /** The status a device answered the method with, when outside 200..299 (its row is `completed`). */
  methodStatus?: number;
  /** That answer's payload as JSON text, truncated as the provider truncates it. */
  methodPayload?: string;
}

export type JobOutcome = "succeeded" | "failed" | "cancelled" | "unfinished";

export interface JobSnapshot {
  jobId: string;
  type: string;
  status: string;
  createdTime?: string;
  startTime?: string;
  endTime?: string;
  failureReason?: string;
  /** The hub's own counts: devices that answered a method with an error are in `succeededCount`. */
  statistics: DeviceJobStatistics;
  /**
   * Ended method jobs: devices that answered the method with a status outside 200..299. They count
   * as failed, as in `pulumi up`; `capped`: counting stopped at the query cap, there are at least `count`.
   */
  deviceErrors?: DeviceErrorCount;
  outcome: JobOutcome;
  /** Filled for jobs with failures once they are reported on; capped (see `failedDeviceLimit`). */
  failedDevices?: FailedDevice[];
}

export interface SnapshotClient extends DeviceErrorClient {
  listJobs(): Promise<JobResponse[]>;
  getJob(id: string): Promise<JobResponse | undefined>;
  queryDevices<T>(sql: string, options?: { limit?: number }): Promise<T[]>;
}

const noStatistics: DeviceJobStatistics = { deviceCount: 0, failedCount: 0, succeededCount: 0, runningCount: 0, pendingCount: 0 };

/**
 * `completed` says nothing about devices (a completed job may have failed devices), so a job
 * succeeded only when it completed with no failed device. A cancelled job was stopped on purpose
 * (its manifest was removed or replaced): it is reported, not counted as a failure, unless devices
 * had already failed. A device that answered the method with an error failed, as `pulumi up` judges
 * it, though the hub counts it as succeeded.
 */
export function judge(status: string, statistics: DeviceJobStatistics, deviceErrors?: DeviceErrorCount): JobOutcome {
  if (status === "failed" || statistics.failedCount > 0) return "failed";
  if (deviceErrors && (deviceErrors.count > 0 || deviceErrors.capped)) return "failed";
  if (status === "completed") return "succeeded";
  if (status === "cancelled") return "cancelled";
  return "unfinished";
}

export function toSnapshot(job: JobResponse): JobSnapshot {
  const statistics = { ...noStatistics, ...job.deviceJobStatistics };
  const snapshot: JobSnapshot = { jobId: job.jobId, type: job.type, status: job.status, statistics, outcome: judge(job.status, statistics) };
  if (job.createdTime) snapshot.createdTime = job.createdTime;
  if (job.startTime) snapshot.startTime = job.startTime;
  if (job.endTime) snapshot.endTime = job.endTime;
  if (job.failureReason) snapshot.failureReason = job.failureReason;
  else if (job.status === "failed" && job.statusMessage) snapshot.failureReason = job.statusMessage;
  return snapshot;
}

/** The hub's counts with the devices that answered an error moved from succeeded to failed. */
export function judgedStatistics(s: JobSnapshot): DeviceJobStatistics {
  const moved = Math.min(s.deviceErrors?.count ?? 0, s.statistics.succeededCount);
  if (moved === 0) return s.statistics;
  return { ...s.statistics, succeededCount: s.statistics.succeededCount - moved, failedCount: s.statistics.failedCount + moved };
}

export function isSnapshotFinished(s: JobSnapshot): boolean {
  return isFinished(s.status) || s.status === "unknown";
}

/**
 * The jobs a command line names: a job id, or a manifest name (job ids are `<name>-<hash>`, so a
 * name selects every revision of that manifest). No selector = every job the hub remembers.
 * Oldest first, so a manifest's revisions read in the order they ran.
 */
export async function selectJobs(client: SnapshotClient, selectors: readonly string[]): Promise<{ jobs: JobSnapshot[]; unmatched: string[] }> {
  const all = await client.listJobs();
  const chosen = new Map<string, JobResponse>();
  const unmatched: string[] = [];
  for (const selector of selectors) {
    const hits = all.filter((j) => j.jobId === selector || isRevisionOf(j.jobId, selector));
    if (hits.length === 0) {
      // The list may lag behind or page out; ask for the id directly before giving up.
      const job = await client.getJob(selector);
      if (job) hits.push(job);
    }
    if (hits.length === 0) unmatched.push(selector);
    for (const job of hits) chosen.set(job.jobId, job);
  }
  const jobs = selectors.length === 0 ? all : [...chosen.values()];
  return { jobs: jobs.map(toSnapshot).sort(byCreation), unmatched };
}

/** `<name>-<hash>`: the hash has no dash, so `lock-doors` does not select `lock-doors-extra-<hash>`. */
function isRevisionOf(jobId: string, name: string): boolean {
  return jobId.startsWith(`${name}-`) && /^[0-9a-z]+$/i.test(jobId.slice(name.length + 1));
}

function byCreation(a: JobSnapshot, b: JobSnapshot): number {
  return (a.createdTime ?? "").localeCompare(b.createdTime ?? "") || a.jobId.localeCompare(b.jobId);
}

/** Re-reads the jobs still unfinished; finished ones never change again. */
export async function refresh(client: SnapshotClient, jobs: readonly JobSnapshot[]): Promise<JobSnapshot[]> {
  return Promise.all(
    jobs.map(async (s) => {
      if (isSnapshotFinished(s)) return s;
      const job = await client.getJob(s.jobId);
      if (job) return toSnapshot(job);
      // Deleted or expired while watched: nothing more will be learned, and it did not succeed.
      return { ...s, status: "unknown", outcome: "failed" as const, failureReason: "the hub no longer knows this job" };
    }),
  );
}

export const failedDeviceLimit = 10;

/** The failed rows of `devices.jobs` for one job (the provider's query), at most `limit`, with their errors. */
export async function failedDevicesOf(client: SnapshotClient, jobId: string, limit = failedDeviceLimit): Promise<FailedDevice[]> {
  const rows = await client.queryDevices<DeviceJobRow>(failedRowsQuery(jobId), { limit });
  return rows.filter((r) => r.status === "failed").map(toFailedDevice);
}

function toFailedDevice(row: DeviceJobRow): FailedDevice {
  const methodStatus = row.outcome?.deviceMethodResponse?.status;
  const error = row.error?.code ?? (methodStatus !== undefined ? `method returned ${methodStatus}` : "unknown error");
  const device: FailedDevice = { deviceId: row.deviceId, status: row.status, error };
  if (row.error?.description) device.description = row.error.description;
  return device;
}

/**
 * Adds the failed devices to every snapshot that has failures: the hub's failed rows first, then
 * the devices that answered an error (from `lookup`, which already counted them), at most `limit`.
 * One job at a time, as device queries are scarce.
 */
export async function withFailedDevices(client: SnapshotClient, jobs: readonly JobSnapshot[], lookup: DeviceErrorLookup, limit = failedDeviceLimit): Promise<JobSnapshot[]> {
  const out: JobSnapshot[] = [];
  for (const s of jobs) {
    const answered = s.deviceErrors?.count ? await lookup.devicesOf(s) : [];
    if (s.statistics.failedCount === 0 && answered.length === 0) {
      out.push(s);
      continue;
    }
    const unreachable = s.statistics.failedCount > 0 ? await failedDevicesOf(client, s.jobId, limit) : [];
    out.push({ ...s, failedDevices: [...unreachable, ...answered].slice(0, limit) });
  }
  return out;
}

export function exitCodeFor(jobs: readonly JobSnapshot[]): 0 | 1 {
  return jobs.some((s) => s.outcome === "failed") ? 1 : 0;
}
