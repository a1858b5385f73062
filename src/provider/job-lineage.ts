// Which job id a manifest's job has in this stack. Computed in `check`, which the engine calls in
// preview and in up with the inputs state recorded last time, so both see the same id:
//
// - same work as recorded (only spelling, comments or state-only fields changed): the recorded id,
//   whatever rule produced it, so no upgrade of hubjobs and no cosmetic edit re-runs a job;
// - different work: a new id chained to the recorded one (when the engine checks the replacement
//   again without old inputs, the program's `recordedJobId` names the recorded job) (src/manifest/job-id.ts, lineageJobId), so a
//   revert to earlier content is a new job, and a retried `up` computes the id it already submitted;
// - no recorded job, but the stack retired a job of this name (its manifest was removed): a new id
//   chained to that job, which it supersedes, so a re-added manifest runs again;
// - nothing known (a new manifest, or a stack whose state was lost): the first-revision id, which a
//   job already on the hub with the same work is adopted under (create, src/provider/job-impl.ts).
import { jobIdFor, lineageJobId, workDigest, workOf } from "../manifest/job-id.ts";
import type { JobInputs } from "./job-types.ts";

export type JobIdentity = Pick<JobInputs, "jobId" | "priorJobId" | "supersedes">;

type Recorded = Partial<Pick<JobInputs, "name" | "jobId" | "kind" | "request" | "rollout">> | undefined;
type News = Pick<JobInputs, "name" | "kind" | "request" | "rollout" | "recordedJobId" | "retiredJobId">;

export function jobIdentity(recorded: Recorded, news: News): JobIdentity {
  const prior = recorded?.jobId;
  if (typeof prior === "string" && prior !== "" && recorded?.request && typeof recorded.request === "object") {
    if (sameWork(recorded, news)) return { jobId: prior, priorJobId: prior };
    return succeeding(news, prior);
  }
  // No old inputs, yet state records a job for this manifest: the engine checks a replacement again
  // with no old inputs (so providers can regenerate defaults). It is being replaced, so it follows that job.
  if (typeof news.recordedJobId === "string" && news.recordedJobId !== "") return succeeding(news, news.recordedJobId);
  const retired = news.retiredJobId;
  if (typeof retired === "string" && retired !== "") return { jobId: lineageJobId(news.name, workOf(news.request, news.rollout), `${retired} removed`), supersedes: retired };
  return { jobId: jobIdFor(news.name, workOf(news.request, news.rollout)) };
}

function sameWork(recorded: NonNullable<Recorded>, news: News): boolean {
  if (recorded.kind !== undefined && recorded.kind !== news.kind) return false;
  return workDigest(workOf(recorded.request!, recorded.rollout)) === workDigest(workOf(news.request, news.rollout));
}

function succeeding(news: News, prior: string): JobIdentity {
  return { jobId: lineageJobId(news.name, workOf(news.request, news.rollout), prior), priorJobId: prior, supersedes: prior };
}
