// Failing `pulumi up` for a bad job while keeping the job in state.
//
// The job provider's create always succeeds once the job is on the hub: the engine then records it,
// so no later `up` submits it again and `up --expect-no-changes` passes. (A failed create, or a
// partial-failure "init error", would not do: init errors make the engine plan an update of the
// resource on every following `up`. `pulumi.log.error` alone does not fail `up`: it exits 0.)
// The verdict is reported by the program instead: for a job applied during this run whose outcome
// is bad, it logs an error on the job resource naming the job, the counts and the first failed
// devices, then throws a RunError, which makes the program, and so `pulumi up`, exit non-zero while
// resources still being created finish normally (docs/engine.md, spike 3, checked with the real
// engine). Jobs applied by earlier runs are never reported again: their `appliedAt` predates this run.
import * as pulumi from "@pulumi/pulumi";
import type { JobOutcome } from "../jobs/index.ts";

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
  // The full message is on the resource; the run error names the job so the summary says which.
  throw new pulumi.RunError(`hubjobs: ${message.split(";")[0]}`);
}
