// A device that failed a job, as hubjobs records, prints and reports it: either a row the hub
// counted in `failedCount` (unreachable, timed out) or, in a method job, a device that answered
// with a status outside 200..299 (the hub counts that one as succeeded; see device-errors.ts).
import type { DeviceJobRow } from "../iothub/types.ts";
import { truncate } from "../util/truncate.ts";

export interface FailedDevice {
  deviceId: string;
  /** The device's row status: `failed` (unreachable, timed out), or `completed` for a method that answered an error. */
  status: string;
  errorCode?: string;
  errorDescription?: string;
  /** The status a device answered a method call with, when outside 200..299. */
  methodStatus?: number;
  /** That answer's payload as JSON text, truncated. */
  methodPayload?: string;
}

/** Longest method payload (JSON text) kept per device: state stays small whatever devices answer. */
export const methodPayloadMaxChars = 100;

/** Longest error description kept per device, for the same reason. */
export const errorDescriptionMaxChars = 300;

/** A row the hub counted as failed. */
export function unreachableDevice(row: DeviceJobRow): FailedDevice {
  return {
    deviceId: row.deviceId,
    status: row.status,
    ...(row.error?.code !== undefined ? { errorCode: String(row.error.code) } : {}),
    ...(row.error?.description ? { errorDescription: truncate(row.error.description, errorDescriptionMaxChars) } : {}),
  };
}

/** A row whose device answered the method with an error status. */
export function answeringDevice(row: DeviceJobRow): FailedDevice {
  const response = row.outcome?.deviceMethodResponse;
  const payload = response?.payload === undefined || response.payload === null ? undefined : JSON.stringify(response.payload);
  return {
    deviceId: row.deviceId,
    status: row.status,
    ...(typeof response?.status === "number" ? { methodStatus: response.status } : {}),
    ...(payload !== undefined ? { methodPayload: truncate(payload, methodPayloadMaxChars) } : {}),
  };
}

/** `Device-4 (404103: DeviceNotOnline)` or `Device-3 (method returned 500: {"error":"lock jammed"})`. */
export function describeDevice(d: FailedDevice): string {
  if (d.methodStatus !== undefined) return `${d.deviceId} (method returned ${d.methodStatus}${d.methodPayload ? `: ${d.methodPayload}` : ""})`;
  return `${d.deviceId} (${[d.errorCode, d.errorDescription].filter(Boolean).join(": ") || d.status})`;
}

/** `Device-4 (DeviceNotOnline)` or `Device-3 (method returned 500)`: the short form, for one-line summaries. */
export function nameDevice(d: FailedDevice): string {
  if (d.methodStatus !== undefined) return `${d.deviceId} (method returned ${d.methodStatus})`;
  return d.errorCode ? `${d.deviceId} (${d.errorCode})` : d.deviceId;
}
