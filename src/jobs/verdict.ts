// Whether a job succeeded: the one judgement behind `pulumi up`, `hubjobs status`, `hubjobs plan`
// and `npm start`'s summary. `completed` alone says nothing about devices (a completed job may have
// failed devices), so the counts decide, against a rule:
//   - a manifest's rule: more than `completion.maxFailedPercent` of the devices failing fails the
//     job, and so does a cancelled job (it was meant to run to its end);
//   - a job no manifest describes: any failed device fails it; a cancelled one is reported, not
//     failed (hubjobs cancels a job whose manifest was replaced or removed).
// A device that answered a method with a status outside 200..299 failed, though the hub counts it as
// succeeded (device-errors.ts); past the query cap their count is a lower bound, and a lower bound
// within the rule proves nothing, so such a job fails as `failureShareUnknown`.
import { isFinished, type DeviceJobStatistics } from "../iothub/types.ts";
import type { DeviceErrorCount } from "./device-errors.ts";

export interface VerdictRule {
  /** Largest failed share (0..100) an ended job may have and still succeed. */
  maxFailedPercent: number;
  /** Whether a cancelled job fails. */
  cancelledFails: boolean;
}

/** The rule of a manifest's `completion`: what `pulumi up` judges its job by. */
export function manifestRule(maxFailedPercent: number): VerdictRule {
  return { maxFailedPercent, cancelledFails: true };
}

/** The rule for a job no manifest describes. */
export const anyFailedDeviceFails: VerdictRule = { maxFailedPercent: 0, cancelledFails: false };

/** `fail if more than 10% of devices fail, or if cancelled`. */
export function describeRule(rule: VerdictRule): string {
  const devices = rule.maxFailedPercent === 0 ? "fail if any device fails" : `fail if more than ${rule.maxFailedPercent}% of devices fail`;
  return rule.cancelledFails ? `${devices}, or if cancelled` : devices;
}

export type VerdictOutcome = "succeeded" | "failed" | "cancelled" | "unfinished";

/**
 * Why a job failed. `failureShareUnknown`: device-reported errors were too many to count within the
 * page cap, and the ones counted do not yet exceed the rule, so the share cannot be shown to be within it.
 */
export type VerdictProblem = "failed" | "cancelled" | "timedOut" | "tooManyFailures" | "failureShareUnknown";

/**
 * Why a recorded outcome is not ok: a job's verdict, or for a rollout `gateFailed`, a wave failed
 * its gate and the waves after it did not run (src/provider/rollout-run.ts; each wave is judged here).
 */
export type OutcomeProblem = VerdictProblem | "gateFailed";

export interface Verdict {
  outcome: VerdictOutcome;
  /** Set when `outcome` is `failed`. */
  problem?: VerdictProblem;
  /** The failed share (0..100) it was judged on, once devices have been counted; a lower bound when the device errors are capped. */
  failedPercent?: number;
}

const noDeviceErrors: DeviceErrorCount = { count: 0, capped: false };

/**
 * `timedOut`: whoever waited for the job gave up before it ended (`pulumi up`'s completion.timeout).
 * `deviceErrors`: counted for ended method jobs only; absent = none counted.
 */
export function judgeJob(status: string, statistics: DeviceJobStatistics | undefined, rule: VerdictRule, deviceErrors: DeviceErrorCount = noDeviceErrors, timedOut = false): Verdict {
  if (status === "failed") return { outcome: "failed", problem: "failed" };
  if (status === "cancelled" && rule.cancelledFails) return { outcome: "failed", problem: "cancelled" };
  const ended = isFinished(status);
  if (timedOut && !ended) return { outcome: "failed", problem: "timedOut" };
  if (statistics && statistics.deviceCount > 0) {
    const failed = Math.min(statistics.deviceCount, statistics.failedCount + deviceErrors.count);
    const failedPercent = (failed / statistics.deviceCount) * 100;
    if (ended) {
      if (failedPercent > rule.maxFailedPercent) return { outcome: "failed", problem: "tooManyFailures", failedPercent };
      // A lower bound within the rule proves nothing: unknown is not a pass.
      if (deviceErrors.capped) return { outcome: "failed", problem: "failureShareUnknown", failedPercent };
    } else if (failed > 0 && rule.maxFailedPercent === 0) {
      // A failed device never succeeds later, so with no failure allowed the verdict is already
      // known. A share is not: the hub may still add devices to a running job's count.
      return { outcome: "failed", problem: "tooManyFailures", failedPercent };
    }
  }
  if (status === "completed") return { outcome: "succeeded" };
  if (status === "cancelled") return { outcome: "cancelled" };
  return { outcome: "unfinished" };
}

/** The hub's counts with the devices that answered an error moved from succeeded to failed. */
export function judgedStatistics(statistics: DeviceJobStatistics, deviceErrors: DeviceErrorCount | undefined): DeviceJobStatistics {
  const moved = Math.min(deviceErrors?.count ?? 0, statistics.succeededCount);
  if (moved === 0) return statistics;
  return { ...statistics, succeededCount: statistics.succeededCount - moved, failedCount: statistics.failedCount + moved };
}
