// The shapes the job engine keeps: a validated job definition (what the client asked for) and
// the job's run state (what happened), plus the per-device row statuses of `devices.jobs`.

export type JobType = "scheduleUpdateTwin" | "scheduleDeviceMethod";

/** Job statuses as the service spells them (two l's in `cancelled`). */
export type JobStatus = "queued" | "scheduled" | "running" | "completed" | "failed" | "cancelled";

/** Per-device statuses as `devices.jobs` spells them (one l in `canceled`). */
export type DeviceJobStatus = "pending" | "scheduled" | "running" | "completed" | "failed" | "canceled";

/** Statuses that hold one of the hub's job slots. */
export const ACTIVE_STATUSES: readonly JobStatus[] = ["queued", "scheduled", "running"];

export interface MethodSpec {
  methodName: string;
  payload: unknown;
  responseTimeoutInSeconds: number;
  connectTimeoutInSeconds: number;
}

export interface TwinSpec {
  etag: "*";
  tags?: Record<string, unknown>;
  properties?: { desired?: Record<string, unknown> };
}

/** A validated JobRequest, normalised (defaults filled in, startTime as an ISO string or absent). */
export interface JobDefinition {
  jobId: string;
  type: JobType;
  queryCondition: string;
  startTime?: string;
  maxExecutionTimeInSeconds: number;
  cloudToDeviceMethod?: MethodSpec;
  updateTwin?: TwinSpec;
}

export interface DeviceJobStatistics {
  deviceCount: number;
  failedCount: number;
  succeededCount: number;
  runningCount: number;
  pendingCount: number;
}

export interface JobRecord {
  hub: string;
  /** Insertion order; gives list paging a stable cursor. */
  seq: number;
  definition: JobDefinition;
  status: JobStatus;
  createdMs: number;
  /** Requested start (scheduled jobs) until the job starts, then the actual start. */
  startMs: number | undefined;
  endMs: number | undefined;
  failureReason: string | undefined;
  statusMessage: string | undefined;
  stats: DeviceJobStatistics;
}

export const emptyStatistics = (): DeviceJobStatistics => ({
  deviceCount: 0,
  failedCount: 0,
  succeededCount: 0,
  runningCount: 0,
  pendingCount: 0,
});
