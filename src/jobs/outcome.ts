// A job's verdict as `pulumi up` records and reports it: ok or not, why, and one line naming the
// job, its counts and the first failed devices (the message `pulumi up` fails with).
import type { DeviceJobStatistics } from "../iothub/types.ts";
import type { DeviceErrorCount } from "./device-errors.ts";
import { describeDevice, type FailedDevice } from "./failed-device.ts";
import { judgeJob, manifestRule, type OutcomeProblem } from "./verdict.ts";

export interface JobOutcome {
  ok: boolean;
  problem?: OutcomeProblem;
  /** One line naming the job, its counts and the first failed devices. */
  message: string;
}

/** What the outcome reads of a job: as the hub reports it, or as state recorded it. */
export interface JobFacts {
  jobId: string;
  status: string;
  deviceJobStatistics?: DeviceJobStatistics | undefined;
  failureReason?: string | undefined;
  statusMessage?: string | undefined;
}

export interface OutcomeRule {
  /** The manifest's completion.maxFailedPercent. */
  maxFailedPercent: number;
  /** The manifest's completion.timeout, for the message of a job that did not end within it. */
  timeoutSeconds: number;
}

const noDeviceErrors: DeviceErrorCount = { count: 0, capped: false };

/** Judges a job of a manifest by that manifest's completion rule (verdict.ts) and says why. */
export function judgeOutcome(
  name: string,
  job: JobFacts,
  completion: OutcomeRule,
  failedDevices: readonly FailedDevice[],
  timedOut: boolean,
  deviceErrors: DeviceErrorCount = noDeviceErrors,
): JobOutcome {
  const verdict = judgeJob(job.status, job.deviceJobStatistics, manifestRule(completion.maxFailedPercent), deviceErrors, timedOut);
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
  const share = round(verdict.failedPercent ?? 0);

  switch (verdict.problem) {
    case undefined:
      return { ok: true, message: `${head} ${job.status}; ${counts}` };
    case "failed":
      return { ok: false, problem: "failed", message: `${head} failed${reason ? `: ${reason}` : ""}; ${counts}${devices}` };
    case "cancelled":
      return { ok: false, problem: "cancelled", message: `${head} was cancelled; ${counts}${devices}` };
    case "timedOut":
      return { ok: false, problem: "timedOut", message: `${head} did not finish within ${completion.timeoutSeconds}s (status ${job.status}); ${counts}${devices}` };
    case "tooManyFailures":
      return { ok: false, problem: "tooManyFailures", message: `${head} ${job.status} with ${atLeast}${share}% of devices failed (allowed ${completion.maxFailedPercent}%); ${counts}${devices}` };
    case "failureShareUnknown":
      return {
        ok: false,
        problem: "failureShareUnknown",
        message: `${head} ${job.status} with at least ${share}% of devices failed; more device errors exist than were counted, so the share cannot be shown to be within ${completion.maxFailedPercent}%; ${counts}${devices}`,
      };
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
