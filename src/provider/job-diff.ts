// Which changes re-run a job, decided so that `pulumi preview` never understates what `up` does.
// A replace runs a job: the job id changed (`check` gives a new id exactly when what the job does
// changed, src/provider/job-lineage.ts), the kind changed, or the job moves to another hub.
// Description, labels, completion settings and how we authenticate are bookkeeping: an update of
// state, nothing runs. The replacement is created before the old resource is deleted: create ends
// the superseded job first (cancels it, or waits for it when it is running), and an interrupted
// `up` still finds the old resource in state, so the retry computes the same id and adopts the job.
import type * as pulumi from "@pulumi/pulumi";
import { canonicallyEqual } from "../util/canonical-json.ts";
import { unknownValue } from "./job-check.ts";
import type { JobInputs, JobOutputs } from "./job-types.ts";

// hubIdentity, recordedJobId, retiredJobId, priorJobId and supersedes are not here: recorded with the next create or
// update, never a change of their own (an upgrade that adds them must leave a stack at "no changes").
const updatingProperties = ["description", "labels", "completion", "hub.endpoint", "hub.auth", "hub.connectionString", "submitDeadlineSeconds"] as const;

function pick(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const p of path.split(".")) {
    if (v === unknownValue) return unknownValue;
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
  }
  return v;
}

/** `olds` are the recorded outputs (that is what the engine passes); `news` the checked inputs. */
export function diffJob(olds: JobOutputs, news: JobInputs): pulumi.dynamic.DiffResult {
  const replaces: string[] = [];
  // Before `check` recorded priorJobId (state from an earlier hubjobs), the recorded id is the reference.
  const reference = news.priorJobId ?? olds.jobId;
  if (news.jobId !== reference) replaces.push("request");
  if (olds.kind !== undefined && news.kind !== olds.kind) replaces.push("kind");
  if (movesHub(olds, news)) replaces.push("hub");
  const updates = updatingProperties.filter((p) => !canonicallyEqual(pick(olds, p) ?? null, pick(news, p) ?? null));
  return {
    changes: replaces.length > 0 || updates.length > 0,
    replaces,
    deleteBeforeReplace: false,
  };
}

/**
 * Whether the job would run on another hub. The configured identity decides when both sides have it
 * (a hub's host name is unknown in a preview that updates the hub, and a local hub may be renamed
 * without becoming another hub); otherwise the host name, and an unknown one counts as a move.
 */
function movesHub(olds: JobOutputs, news: JobInputs): boolean {
  if (typeof olds.hubIdentity === "string" && typeof news.hubIdentity === "string") return olds.hubIdentity !== news.hubIdentity;
  const host = pick(news, "hub.hostName");
  if (host === unknownValue) return true;
  return !canonicallyEqual(pick(olds, "hub.hostName") ?? null, host ?? null);
}
