// Which devices failed a job, for the verdict and the outputs: the rows the hub counted in
// `failedCount` (unreachable, timed out), and, for an ended method job, the devices that answered
// with an error status (device-errors.ts). Each costs device queries, which S1/S2 hubs allow 20 a
// minute, so each is asked only when it can find something.
import type { IotHubClient } from "../iothub/client.ts";
import { quoteString } from "../query/quote.ts";
import { truncate } from "../util/truncate.ts";
import type { DeviceJobRow, JobResponse } from "../iothub/types.ts";
import { findDeviceErrors, hasDeviceAnswers, type DeviceErrorOptions, type DeviceErrors } from "./device-errors.ts";
import type { DeviceErrorCount, FailedDevice } from "./job-types.ts";

export interface DeviceFindings {
  /** Unreachable devices first, then device-reported errors; at most `cap`. */
  failedDevices: FailedDevice[];
  /** Absent for twin jobs and jobs that have not ended. */
  deviceErrors?: DeviceErrorCount;
}

export interface FindOptions extends Omit<DeviceErrorOptions, "keep"> {
  /** How many failed devices to name in all. */
  cap: number;
}

/**
 * `recorded`: device errors counted earlier, once the job had ended. Its rows cannot change after
 * that, so a refresh reuses them instead of spending up to `maxPages` queries again.
 */
export async function findFailedDevices(client: IotHubClient, job: JobResponse, options: FindOptions, recorded?: DeviceErrors): Promise<DeviceFindings> {
  const unreachable = await findUnreachable(client, job, options.cap);
  if (!hasDeviceAnswers(job)) return { failedDevices: unreachable };
  const found = recorded ?? (await findDeviceErrors(client, job.jobId, { pageSize: options.pageSize, maxPages: options.maxPages, keep: options.cap }));
  return {
    failedDevices: [...unreachable, ...found.devices].slice(0, options.cap),
    deviceErrors: { count: found.count, capped: found.capped },
  };
}

/** The query for one job's rows that the hub counted in `failedCount` (unreachable, timed out). */
export function failedRowsQuery(jobId: string): string {
  return `SELECT * FROM devices.jobs WHERE devices.jobs.jobId = ${quoteString(jobId)} AND devices.jobs.status = 'failed'`;
}

async function findUnreachable(client: IotHubClient, job: JobResponse, cap: number): Promise<FailedDevice[]> {
  if (!job.deviceJobStatistics || job.deviceJobStatistics.failedCount === 0) return [];
  const rows = await client.queryDevices<DeviceJobRow>(failedRowsQuery(job.jobId), { limit: cap, pageSize: cap });
  return rows
    .filter((r) => r.status === "failed")
    .slice(0, cap)
    .map((r) => ({
      deviceId: r.deviceId,
      status: r.status,
      ...(r.error?.code !== undefined ? { errorCode: String(r.error.code) } : {}),
      ...(r.error?.description ? { errorDescription: truncate(r.error.description, 300) } : {}),
    }));
}
