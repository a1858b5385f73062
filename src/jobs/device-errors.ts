// Devices that answered a method job with an error status. IoT Hub marks a device's row `completed`
// whenever the device answered, even with 500 `{"error":"lock jammed"}`, and only unreachable or
// silent devices count in the job's `failedCount`. These rows are found with a query on job fields
// ("arbitrary Boolean conditions on all object properties in the devices.jobs collection", per the
// service's query guide; aggregates such as COUNT() are not supported there, so rows are paged).
// Queries are scarce (20/min per unit on S1/S2): paging stops at a cap and the count becomes a
// lower bound, reported as "at least N".
import type { IotHubClient } from "../iothub/client.ts";
import { isFinished, type DeviceJobRow, type JobResponse } from "../iothub/types.ts";
import { quoteString } from "../query/quote.ts";
import { answeringDevice, type FailedDevice } from "./failed-device.ts";

/**
 * Devices that answered a method job with a status outside 200..299. IoT Hub records them as
 * `completed` (the device answered), so the job's `failedCount` leaves them out; hubjobs counts them.
 */
export interface DeviceErrorCount {
  count: number;
  /** True when counting stopped at the page cap: there are at least `count`. */
  capped: boolean;
}

export interface DeviceErrors extends DeviceErrorCount {
  /** The first `keep` devices found. */
  devices: FailedDevice[];
}

export interface DeviceErrorOptions {
  /** Rows per query page; the service answers at most 100. */
  pageSize: number;
  /** Queries spent at most; past it the count is capped. */
  maxPages: number;
  /** How many of the devices found to return by name. */
  keep: number;
}

/** What the lookup needs of a client: one query page at a time. */
export type DeviceErrorClient = Pick<IotHubClient, "queryDevicesPage">;

export const defaultDeviceErrorOptions: DeviceErrorOptions = { pageSize: 100, maxPages: 10, keep: 10 };

/** What tells whether a job has device answers: its type and status, as the hub reports them. */
export type JobHead = Pick<JobResponse, "jobId"> & { type: string; status: string };

/** Only ended method jobs have final rows; twin jobs carry no device answer. */
export function hasDeviceAnswers(job: JobHead): boolean {
  return job.type === "scheduleDeviceMethod" && isFinished(job.status);
}

/** The query for one job's rows whose device answered outside 200..299. */
export function deviceErrorQuery(jobId: string): string {
  const status = "devices.jobs.outcome.deviceMethodResponse.status";
  // `status = 'completed'`: a device counted in failedCount is never counted twice.
  return `SELECT * FROM devices.jobs WHERE devices.jobs.jobId = ${quoteString(jobId)} AND devices.jobs.status = 'completed' AND (${status} < 200 OR ${status} > 299)`;
}

export async function findDeviceErrors(client: DeviceErrorClient, jobId: string, options: DeviceErrorOptions = defaultDeviceErrorOptions): Promise<DeviceErrors> {
  const sql = deviceErrorQuery(jobId);
  const devices: FailedDevice[] = [];
  let count = 0;
  let continuation: string | undefined;
  let pages = 0;
  do {
    const page = await client.queryDevicesPage<DeviceJobRow>(sql, { pageSize: options.pageSize, ...(continuation ? { continuation } : {}) });
    pages++;
    // The hub filtered already; checking again keeps a lax hub from turning successes into failures.
    const errors = page.items.filter(isDeviceError);
    count += errors.length;
    for (const row of errors) if (devices.length < options.keep) devices.push(answeringDevice(row));
    continuation = page.continuation;
  } while (continuation && pages < options.maxPages);
  return { count, capped: continuation !== undefined, devices };
}

function isDeviceError(row: DeviceJobRow): boolean {
  const status = row.outcome?.deviceMethodResponse?.status;
  return row.status === "completed" && typeof status === "number" && (status < 200 || status > 299);
}
