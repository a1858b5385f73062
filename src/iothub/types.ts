// Wire types of the jobs v2 API and the devices.jobs query rows (see iothub-facts.md).

export type JobType = "scheduleUpdateTwin" | "scheduleDeviceMethod" | "unknown";
export type JobStatus = "unknown" | "enqueued" | "running" | "completed" | "failed" | "cancelled" | "scheduled" | "queued";

export interface DeviceJobStatistics {
  deviceCount: number;
  failedCount: number;
  succeededCount: number;
  runningCount: number;
  pendingCount: number;
}

/** The JobRequest body (`PUT /jobs/v2/{id}`). */
export interface JobRequest {
  jobId: string;
  type: "scheduleUpdateTwin" | "scheduleDeviceMethod";
  queryCondition: string;
  startTime?: string | null;
  maxExecutionTimeInSeconds?: number;
  cloudToDeviceMethod?: { methodName: string; payload?: unknown; responseTimeoutInSeconds?: number; connectTimeoutInSeconds?: number };
  updateTwin?: { etag?: string; deviceId?: string | null; tags?: object; properties?: { desired?: object } };
}

export interface JobResponse extends Partial<Omit<JobRequest, "type">> {
  jobId: string;
  type: JobType;
  status: JobStatus;
  createdTime?: string;
  endTime?: string;
  failureReason?: string;
  statusMessage?: string;
  deviceJobStatistics?: DeviceJobStatistics;
}

export interface DeviceJobRow {
  deviceId: string;
  jobId: string;
  jobType?: string;
  status: string;
  startTimeUtc?: string;
  endTimeUtc?: string;
  outcome?: { deviceMethodResponse?: { status?: number; payload?: unknown } };
  error?: { code?: string; description?: string };
}

/** Statuses after which a job never changes again. */
export const finishedJobStatuses: readonly JobStatus[] = ["completed", "failed", "cancelled"];

export function isFinished(status: string): boolean {
  return (finishedJobStatuses as readonly string[]).includes(status);
}

/** Statuses of a job that has not ended: it holds one of the hub's job slots and can still be cancelled. */
export const activeJobStatuses: readonly JobStatus[] = ["queued", "enqueued", "scheduled", "running"];

export function isActive(status: string): boolean {
  return (activeJobStatuses as readonly string[]).includes(status);
}
