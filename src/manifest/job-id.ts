// Job identity. A job id is `metadata.name` plus 8 hex digits. The digits hash what the job does
// (the work digest), so the same work maps to the same id whatever its spelling; and, once a stack
// has applied a manifest, the job it supersedes (the lineage), so going back to earlier content is a
// new job that runs once more instead of a match for the old one. docs/manifest.md, "What runs, and when".
import { hash } from "node:crypto";
import { canonicalCondition } from "../query/index.ts";
import { canonicalJson } from "../util/canonical-json.ts";

const HASH_LENGTH = 8;

/** A request as compiled, with or without its jobId (which the digest ignores). */
export type WorkRequest = { jobId?: string; queryCondition?: string; rollout?: object } & object;

/**
 * sha256 of the canonical request without its id: JSON with sorted keys, durations already in
 * seconds and defaults filled by compile, and the query in canonical form (src/query/canonical.ts),
 * so comments, key order, quoting, whitespace, keyword case and redundant parentheses never count.
 */
export function workDigest(request: WorkRequest): string {
  const { jobId: _ignored, ...work } = request;
  if (typeof work.queryCondition === "string") work.queryCondition = canonicalCondition(work.queryCondition);
  // crypto.hash: the one-shot form, without a Hash object per manifest.
  return hash("sha256", canonicalJson(work), "hex");
}

/** What a job does: its request, and for a staged rollout its waves and gate. */
export function workOf(request: WorkRequest, rollout?: object): WorkRequest {
  return rollout ? { ...request, rollout } : request;
}

/** The id of a manifest's first revision: what `hubjobs plan` shows and a fresh stack submits. */
export function jobIdFor(name: string, request: WorkRequest): string {
  return `${name}-${workDigest(request).slice(0, HASH_LENGTH)}`;
}

/**
 * The id of a revision that follows `after` in a stack: the job it supersedes, or a marker of the
 * manifest's earlier removal. Deterministic, so a retried `pulumi up` computes the same id and adopts
 * the job it submitted; different from every earlier id, so a revert runs again.
 */
export function lineageJobId(name: string, request: WorkRequest, after: string): string {
  return `${name}-${hash("sha256", `${workDigest(request)}\n${after}`, "hex").slice(0, HASH_LENGTH)}`;
}

/** Whether `jobId` has the shape of an id this manifest name produces (name, dash, 8 hex digits). */
export function isJobOfName(name: string, jobId: string): boolean {
  return jobId.length === name.length + 1 + HASH_LENGTH && jobId.startsWith(`${name}-`) && /^[0-9a-f]+$/.test(jobId.slice(name.length + 1));
}
