// Failing `pulumi up` for a bad job while keeping the job in state.
//
// The job provider's create always succeeds once the job is on the hub: the engine then records it,
// so no later `up` submits it again and `up --expect-no-changes` passes. (A failed create, or a
// partial-failure "init error", would not do: init errors make the engine schedule an update of the
// resource on every following `up`.) The verdict is instead reported by the program: for a job
// applied during this run whose outcome is bad, it logs an error naming the job, counts and first
// failed devices, and sets the exit code the Node.js language host reads as "failed after logging
// an actionable message" (32), so `pulumi up` fails without an extra generic message. Jobs applied
// by earlier runs are never reported again: their `appliedAt` predates this program run.
import * as pulumi from "@pulumi/pulumi";
import type { JobOutcome } from "./job-types.ts";

/** Exit code the Node.js language host treats as "the program failed and already said why". */
export const exitCodeAfterReportedError = 32;

export interface OutcomeSource {
  outcome: pulumi.Output<JobOutcome>;
  appliedAt: pulumi.Output<string>;
}

/** Whether a recorded outcome must fail this run. */
export function isFailureOfThisRun(outcome: JobOutcome | undefined, appliedAt: string | undefined, runStartedAt: number): boolean {
  if (!outcome || outcome.ok || !appliedAt) return false;
  const applied = Date.parse(appliedAt);
  return Number.isFinite(applied) && applied >= runStartedAt;
}

/** Resolves to the failure message when the job fails this run (after reporting it), else undefined. */
export function reportJobOutcome(resource: pulumi.Resource & OutcomeSource, runStartedAt: number, fail: (message: string, resource: pulumi.Resource) => void = failDeployment): pulumi.Output<string | undefined> {
  return pulumi.all([resource.outcome, resource.appliedAt]).apply(([outcome, appliedAt]) => {
    if (!isFailureOfThisRun(outcome, appliedAt, runStartedAt)) return undefined;
    fail(outcome.message, resource);
    return outcome.message;
  });
}

export function failDeployment(message: string, resource: pulumi.Resource): void {
  void pulumi.log.error(message, resource);
  process.exitCode = exitCodeAfterReportedError;
}
