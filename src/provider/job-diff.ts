// Which changes re-run a job. What the job does (its compiled request, hence its id, and the hub it
// runs on) replaces it; description, labels, completion settings and how we authenticate are
// bookkeeping, updated in state only. Old jobs are cancelled before their successor is submitted.
import type * as pulumi from "@pulumi/pulumi";
import { canonicallyEqual } from "../util/canonical-json.ts";
import { unknownValue } from "./job-check.ts";
import { requestDigest } from "./request-digest.ts";
import type { JobInputs, JobOutputs } from "./job-types.ts";

const replacingProperties = ["jobId", "requestDigest", "kind", "hub.hostName"] as const;
const updatingProperties = ["description", "labels", "completion", "hub.endpoint", "hub.auth", "hub.connectionString", "submitDeadlineSeconds"] as const;

function pick(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const p of path.split(".")) {
    if (v === unknownValue) return unknownValue;
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
  }
  return v;
}

/** `olds` are the recorded outputs (that is what the engine passes); `news` the new inputs. */
export function diffJob(olds: JobOutputs, news: JobInputs): pulumi.dynamic.DiffResult {
  const next = { ...news, requestDigest: requestDigest(news.request) };
  // A value not known yet (preview while the hub itself changes) may well stay the same: it counts
  // as a possible update, never as a replacement, so preview does not announce re-runs that won't happen.
  const unknownNow = (p: string) => pick(next, p) === unknownValue;
  const replaces = replacingProperties
    .filter((p) => !unknownNow(p) && !canonicallyEqual(pick(olds, p), pick(next, p)))
    .map((p) => (p === "hub.hostName" ? "hub" : p === "requestDigest" ? "request" : p));
  const updates = [...updatingProperties, ...replacingProperties.filter(unknownNow)].filter((p) => !canonicallyEqual(pick(olds, p) ?? null, pick(next, p) ?? null));
  return {
    changes: replaces.length > 0 || updates.length > 0,
    replaces: [...new Set(replaces)],
    deleteBeforeReplace: true,
  };
}
