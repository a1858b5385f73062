// Which jobs a preview's blast radius counts: only those that may run. A job resource that state
// already records under the same job id, applied by an earlier deployment, is neither created nor
// replaced by this preview, so nothing runs for it and counting its devices would only spend hub
// queries (S1/S2 hubs allow 20 a minute): a no-op preview of 200 manifests used to send 200-400.
//
// How the program tells: during preview the engine hands an unchanged resource its recorded
// outputs, while the outputs of a resource about to be created, replaced or updated are not known
// yet (`appliedAt` is set by the provider's create only). Jobs whose state is unknown are counted,
// so every create and replace gets its diagnostic, as do state-only updates (which the forecast
// then shows as "already on the hub").
import type * as pulumi from "@pulumi/pulumi";
import type { BlastJob } from "./blast-radius.ts";

/** A job resource's identity as a preview sees it; undefined = not known in this preview. */
export interface RecordedJob {
  /** The job id this stack uses (the provider's `check` chains it to the job it supersedes). */
  jobId: string | undefined;
  appliedAt: string | undefined;
  /** The id state recorded before this run (set by `check`): equal to jobId when nothing runs. */
  priorJobId?: string | undefined;
  /** The job a replacement supersedes, which must end before it starts. */
  supersedes?: string | undefined;
}

/**
 * True when the preview's resource runs no job: it is unchanged (the engine hands it the outputs an
 * earlier run recorded, with their `appliedAt`), or only its state changes (`check` kept its job id).
 * Creates and replaces have neither, and are counted.
 */
export function runsNothing(recorded: RecordedJob, runStartedAt: number): boolean {
  if (recorded.priorJobId !== undefined && recorded.priorJobId === recorded.jobId) return true;
  if (recorded.appliedAt === undefined) return false;
  const applied = Date.parse(recorded.appliedAt);
  return Number.isFinite(applied) && applied < runStartedAt;
}

/** What the SDK's Output carries besides `apply` (not in its public typings, stable since 1.x). */
interface OutputInternals<T> {
  isKnown?: PromiseLike<boolean>;
  promise?: () => Promise<T>;
}

/**
 * The value of an output when it is known, else undefined. `apply` cannot say so: during preview it
 * never calls back for an unknown value. Should the SDK's internals change, every value reads as
 * unknown, so every job is counted, as before this selection existed.
 */
export async function knownValue<T>(output: pulumi.Output<T>): Promise<T | undefined> {
  const inner = output as unknown as OutputInternals<T>;
  if (typeof inner.isKnown?.then !== "function" || typeof inner.promise !== "function") return undefined;
  return (await inner.isKnown) ? await inner.promise() : undefined;
}

/**
 * False only when the SDK says the output is unknown in this preview (a resource this deployment
 * creates). Should its internals change, outputs read as known: callers then behave as before.
 */
export async function isKnownOutput(output: pulumi.Output<unknown>): Promise<boolean> {
  const inner = output as unknown as OutputInternals<unknown>;
  return typeof inner.isKnown?.then === "function" ? await inner.isKnown : true;
}

export interface JobIdentityOutputs {
  jobId: pulumi.Output<string>;
  appliedAt: pulumi.Output<string>;
  priorJobId: pulumi.Output<string | undefined>;
  supersedes: pulumi.Output<string | undefined>;
}

export async function recordedJob(resource: JobIdentityOutputs): Promise<RecordedJob> {
  const [jobId, appliedAt, priorJobId, supersedes] = await Promise.all([knownValue(resource.jobId), knownValue(resource.appliedAt), knownValue(resource.priorJobId), knownValue(resource.supersedes)]);
  return { jobId, appliedAt, priorJobId: priorJobId ?? undefined, supersedes: supersedes ?? undefined };
}

/** A job that will run, under the id the stack gives it, and the job it must wait for, if any. */
export type JobToCount = BlastJob & { supersedes?: string };

/** Splits the jobs, in their order, into those to count and the names of those that run nothing. */
export async function jobsToCount(jobs: readonly BlastJob[], recorded: (name: string) => Promise<RecordedJob | undefined>, runStartedAt: number): Promise<{ count: JobToCount[]; unchanged: string[] }> {
  const states = await Promise.all(jobs.map((job) => recorded(job.name)));
  const count: JobToCount[] = [];
  const unchanged: string[] = [];
  jobs.forEach((job, i) => {
    const state = states[i];
    if (state && runsNothing(state, runStartedAt)) unchanged.push(job.name);
    // The stack's id, when the preview knows it, is the one `up` submits (a replacement's is chained).
    else count.push({ ...job, ...(state?.jobId ? { jobId: state.jobId } : {}), ...(state?.supersedes ? { supersedes: state.supersedes } : {}) });
  });
  return { count, unchanged };
}
