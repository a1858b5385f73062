// Which devices failed a job: the rows the hub counted in `failedCount` (unreachable, timed out),
// then, for an ended method job, the devices that answered with an error status (device-errors.ts).
// Each costs device queries, which S1/S2 hubs allow 20 a minute, so each is asked only when it can
// find something.
import type { IotHubClient } from "../iothub/client.ts";
import type { DeviceJobRow, DeviceJobStatistics } from "../iothub/types.ts";
import { quoteString } from "../query/quote.ts";
import { findDeviceErrors, hasDeviceAnswers, type DeviceErrorCount, type DeviceErrorOptions, type DeviceErrors, type JobHead } from "./device-errors.ts";
import { unreachableDevice, type FailedDevice } from "./failed-device.ts";

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

export type FailedDeviceClient = Pick<IotHubClient, "queryDevices" | "queryDevicesPage">;

export interface JobWithStatistics extends JobHead {
  deviceJobStatistics?: DeviceJobStatistics | undefined;
}

/**
 * `recorded`: device errors counted earlier, once the job had ended. Its rows cannot change after
 * that, so a refresh reuses them instead of spending up to `maxPages` queries again.
 */
export async function findFailedDevices(client: FailedDeviceClient, job: JobWithStatistics, options: FindOptions, recorded?: DeviceErrors): Promise<DeviceFindings> {
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

async function findUnreachable(client: FailedDeviceClient, job: JobWithStatistics, cap: number): Promise<FailedDevice[]> {
  if (!job.deviceJobStatistics || job.deviceJobStatistics.failedCount === 0 || cap === 0) return [];
  const rows = await client.queryDevices<DeviceJobRow>(failedRowsQuery(job.jobId), { limit: cap, pageSize: cap });
  return rows.filter((r) => r.status === "failed").slice(0, cap).map(unreachableDevice);
}
