// Which rule `hubjobs status` judges each job by (src/jobs/verdict.ts). A job that a manifest
// compiles to is judged by that manifest's `completion`, as `pulumi up` judges it: first as the
// stack's outputs record it (`--hub <stack>`: the rule `pulumi up` last applied), then as the
// manifests on disk say (`--jobs`, default `jobs/`). Any other job (an older revision, a job
// submitted by hand) by "any failed device fails". The rule applied is part of the output.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { anyFailedDeviceFails, describeRule, manifestRule, type VerdictRule } from "../../jobs/index.ts";
import type { OutputStream } from "../io.ts";
import { StatusError } from "./status-error.ts";

export interface JobRule extends VerdictRule {
  /** Where the rule comes from: a manifest file, `stack <name>`, or `no manifest`. */
  from: string;
  /** The manifest (metadata.name) that describes the job, when one does. */
  manifest?: string;
}

/** The rule for a job id. */
export type RuleBook = (jobId: string) => JobRule;

export const noManifestRule: JobRule = { ...anyFailedDeviceFails, from: "no manifest" };

/** `fail if more than 10% of devices fail, or if cancelled (manifest lock-doors, jobs/lock.yaml)`. */
export function describeJobRule(rule: JobRule): string {
  return `${describeRule(rule)} (${rule.manifest ? `manifest ${rule.manifest}, ${rule.from}` : rule.from})`;
}

export interface RuleSources {
  /** `--jobs`: a manifest file or directory; unset = `jobs/` when it exists. */
  jobsPath?: string | undefined;
  /** `--hub <stack>`: the stack's name and its `jobs` output. */
  stack?: { name: string; jobs: unknown } | undefined;
}

export const defaultJobsPath = "jobs";

export async function loadRuleBook(sources: RuleSources, cwd: string, stderr: OutputStream, now: Date): Promise<RuleBook> {
  const rules = new Map<string, JobRule>();
  if (sources.stack) for (const [jobId, rule] of rulesFromStack(sources.stack.name, sources.stack.jobs)) rules.set(jobId, rule);
  for (const [jobId, rule] of await rulesFromManifests(sources.jobsPath, cwd, stderr, now)) if (!rules.has(jobId)) rules.set(jobId, rule);
  return (jobId) => rules.get(jobId) ?? noManifestRule;
}

/** `jobs.<name>.{jobId, completion.maxFailedPercent}` of a stack's outputs; jobs without them are skipped. */
export function rulesFromStack(stack: string, jobs: unknown): Map<string, JobRule> {
  const rules = new Map<string, JobRule>();
  if (typeof jobs !== "object" || jobs === null) return rules;
  for (const [name, value] of Object.entries(jobs as Record<string, unknown>)) {
    const job = value as { jobId?: unknown; completion?: { maxFailedPercent?: unknown } } | null;
    const percent = job?.completion?.maxFailedPercent;
    if (typeof job?.jobId !== "string" || typeof percent !== "number") continue;
    rules.set(job.jobId, { ...manifestRule(percent), from: `stack ${stack}`, manifest: name });
  }
  return rules;
}

async function rulesFromManifests(jobsPath: string | undefined, cwd: string, stderr: OutputStream, now: Date): Promise<Map<string, JobRule>> {
  const rules = new Map<string, JobRule>();
  const path = jobsPath ?? defaultJobsPath;
  if (!existsSync(resolve(cwd, path))) {
    if (jobsPath !== undefined) throw new StatusError("E_USAGE", `--jobs ${jobsPath}: no such file or directory`);
    return rules;
  }
  // Loaded only when there are manifests: the schema validator and YAML reader are not small.
  const { loadManifests } = await import("../../manifest/index.ts");
  const loaded = await loadManifests([path], { cwd, now, mode: "validate" });
  const errors = loaded.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    const files = [...new Set(errors.map((p) => p.file))];
    stderr.write(`hubjobs status: warning: ${files.join(", ")} ${files.length === 1 ? "has" : "have"} invalid manifests (see \`hubjobs validate\`); jobs no valid manifest describes are judged by "${describeRule(anyFailedDeviceFails)}"\n`);
  }
  for (const { file, job } of loaded.manifests) rules.set(job.jobId, { ...manifestRule(job.completion.maxFailedPercent), from: file, manifest: job.name });
  return rules;
}
