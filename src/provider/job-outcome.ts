// Judges a job the way `pulumi up` reports it: failed, cancelled, still unfinished at the completion
// timeout, or finished with a failed share above maxFailedPercent. `completed` alone says nothing
// about devices, so the counts decide. A device whose method answered an error status (outside
// 200..299) failed too, though the hub counts it as succeeded (see device-errors.ts).
import type { JobResponse } from "../iothub/types.ts";
import type { CompletionInputs, DeviceErrorCount, FailedDevice, JobOutcome } from "./job-types.ts";

const noDeviceErrors: DeviceErrorCount = { count: 0, capped: false };

export function judgeOutcome(
  name: string,
  job: JobResponse,
  completion: CompletionInputs,
  failedDevices: FailedDevice[],
  timedOut: boolean,
  deviceErrors: DeviceErrorCount = noDeviceErrors,
): JobOutcome {
  const s = job.deviceJobStatistics;
  const atLeast = deviceErrors.capped ? "at least " : "";
  const errorNote = deviceErrors.count > 0 || deviceErrors.capped
    ? `; ${atLeast}${deviceErrors.count} ${deviceErrors.count === 1 && !deviceErrors.capped ? "device" : "devices"} answered the method with an error status (counted as failed${deviceErrors.capped ? "; counting stopped at the query cap" : ""})`
    : "";
  const counts = s
    ? `${s.deviceCount} devices: ${s.succeededCount} succeeded, ${s.failedCount} failed, ${s.runningCount} running, ${s.pendingCount} pending${errorNote}`
    : "no device statistics";
  const devices = failedDevices.length ? `; first failed devices: ${failedDevices.map(describeDevice).join(", ")}` : "";
  const head = `job ${name} (${job.jobId})`;
  const reason = job.failureReason || job.statusMessage;

  if (job.status === "failed") return { ok: false, problem: "failed", message: `${head} failed${reason ? `: ${reason}` : ""}; ${counts}${devices}` };
  if (job.status === "cancelled") return { ok: false, problem: "cancelled", message: `${head} was cancelled; ${counts}${devices}` };
  if (timedOut) return { ok: false, problem: "timedOut", message: `${head} did not finish within ${completion.timeoutSeconds}s (status ${job.status}); ${counts}${devices}` };
  if (job.status === "completed" && s && s.deviceCount > 0) {
    const failed = Math.min(s.deviceCount, s.failedCount + deviceErrors.count);
    const failedPercent = (failed / s.deviceCount) * 100;
    if (failedPercent > completion.maxFailedPercent) {
      return { ok: false, problem: "tooManyFailures", message: `${head} completed with ${atLeast}${round(failedPercent)}% of devices failed (allowed ${completion.maxFailedPercent}%); ${counts}${devices}` };
    }
    // A lower bound within the threshold proves nothing: unknown is not a pass.
    if (deviceErrors.capped) {
      return {
        ok: false,
        problem: "failureShareUnknown",
        message: `${head} completed with at least ${round(failedPercent)}% of devices failed; more device errors exist than were counted, so the share cannot be shown to be within ${completion.maxFailedPercent}%; ${counts}${devices}`,
      };
    }
  }
  return { ok: true, message: `${head} ${job.status}; ${counts}` };
}

/** `Device-4 (404103: DeviceNotOnline)` or `Device-3 (method returned 500: {"error":"lock jammed"})`. */
export function describeDevice(d: FailedDevice): string {
  if (d.methodStatus !== undefined) return `${d.deviceId} (method returned ${d.methodStatus}${d.methodPayload ? `: ${d.methodPayload}` : ""})`;
  return `${d.deviceId} (${[d.errorCode, d.errorDescription].filter(Boolean).join(": ") || d.status})`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
