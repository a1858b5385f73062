// Judges a job the way `pulumi up` reports it: failed, cancelled, still unfinished at the completion
// timeout, or finished with a failed share above maxFailedPercent. `completed` alone says nothing
// about devices, so the counts decide.
import type { JobResponse } from "../iothub/types.ts";
import type { CompletionInputs, FailedDevice, JobOutcome } from "./job-types.ts";

export function judgeOutcome(name: string, job: JobResponse, completion: CompletionInputs, failedDevices: FailedDevice[], timedOut: boolean): JobOutcome {
  const s = job.deviceJobStatistics;
  const counts = s
    ? `${s.deviceCount} devices: ${s.succeededCount} succeeded, ${s.failedCount} failed, ${s.runningCount} running, ${s.pendingCount} pending`
    : "no device statistics";
  const devices = failedDevices.length
    ? `; first failed devices: ${failedDevices.map((d) => `${d.deviceId} (${[d.errorCode, d.errorDescription].filter(Boolean).join(": ") || d.status})`).join(", ")}`
    : "";
  const head = `job ${name} (${job.jobId})`;
  const reason = job.failureReason || job.statusMessage;

  if (job.status === "failed") return { ok: false, problem: "failed", message: `${head} failed${reason ? `: ${reason}` : ""}; ${counts}${devices}` };
  if (job.status === "cancelled") return { ok: false, problem: "cancelled", message: `${head} was cancelled; ${counts}${devices}` };
  if (timedOut) return { ok: false, problem: "timedOut", message: `${head} did not finish within ${completion.timeoutSeconds}s (status ${job.status}); ${counts}${devices}` };
  if (job.status === "completed" && s && s.deviceCount > 0) {
    const failedPercent = (s.failedCount / s.deviceCount) * 100;
    if (failedPercent > completion.maxFailedPercent) {
      return { ok: false, problem: "tooManyFailures", message: `${head} completed with ${round(failedPercent)}% of devices failed (allowed ${completion.maxFailedPercent}%); ${counts}${devices}` };
    }
  }
  return { ok: true, message: `${head} ${job.status}; ${counts}` };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
