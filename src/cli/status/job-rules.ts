// Which rule `hubjobs status` judges each job by (src/jobs/verdict.ts). A job of a manifest is
// judged by that manifest's `completion`, as `pulumi up` judges it: the job the stack's outputs name
// for the manifest (`--hub <stack>`: with the rule `pulumi up` last applied), or a job on the hub
// that has the manifest's name and does exactly the manifest's work (`--jobs`, default `jobs/`; job
// ids chain across revisions, so the id alone cannot say). Any other job (an earlier revision, a job
// submitted by hand) by "any failed device fails". The rule applied is part of the output.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { JobRequest, JobResponse } from "../../iothub/index.ts";
import { anyFailedDeviceFails, describeRule, manifestRule, type VerdictRule } from "../../jobs/index.ts";
import { isJobOfName } from "../../manifest/job-id.ts";
import { jobBodyDifferences } from "../../provider/job-body-match.ts";
import { waveJobId } from "../../provider/rollout-run.ts";
import type { OutputStream } from "../io.ts";
import { StatusError } from "./status-error.ts";

export interface JobRule extends VerdictRule {
  /** Where the rule comes from: a manifest file, `stack <name>`, or `no manifest`. */
  from: string;
  /** The manifest (metadata.name) that describes the job, when one does. */
  manifest?: string;
  /** The job is a wave of that manifest's staged rollout. */
  wave?: WaveOfRollout;
}

export interface WaveOfRollout {
  /** 1-based place and count: wave 1/3. */
  index: number;
  count: number;
  name: string;
  /** The gate's verdict as `pulumi up` recorded it (`--hub <stack>`), when known. */
  gate?: string;
}

/** `wave 1/3 canary`: how a rollout's job is named next to its id. */
export function waveLabel(wave: WaveOfRollout): string {
  return `wave ${wave.index}/${wave.count} ${wave.name}`;
}

/** The rule for a job on the hub. */
export type RuleBook = (job: JobResponse) => JobRule;

export const noManifestRule: JobRule = { ...anyFailedDeviceFails, from: "no manifest" };

/** `fail if more than 10% of devices fail, or if cancelled (manifest lock-doors, jobs/lock.yaml)`; a wave adds its gate. */
export function describeJobRule(rule: JobRule): string {
  const gate = rule.wave ? `rollout gate of ${waveLabel(rule.wave)}${rule.wave.gate ? `, ${rule.wave.gate === "passed" ? "passed" : "stopped the rollout"}` : ""}: ` : "";
  return `${gate}${describeRule(rule)} (${rule.manifest ? `manifest ${rule.manifest}, ${rule.from}` : rule.from})`;
}

export interface RuleSources {
  /** `--jobs`: a manifest file or directory; unset = `jobs/` when it exists. */
  jobsPath?: string | undefined;
  /** `--hub <stack>`: the stack's name and its `jobs` output. */
  stack?: { name: string; jobs: unknown } | undefined;
}

export const defaultJobsPath = "jobs";

export async function loadRuleBook(sources: RuleSources, cwd: string, stderr: OutputStream, now: Date): Promise<RuleBook> {
  const stack = sources.stack ? rulesFromStack(sources.stack.name, sources.stack.jobs) : new Map<string, JobRule>();
  const manifests = await manifestRules(sources.jobsPath, cwd, stderr, now);
  return (job) => stack.get(job.jobId) ?? manifests.waves.get(job.jobId) ?? manifestRuleOf(manifests.byName, job) ?? noManifestRule;
}

/** A manifest's rule and the work its job does. */
interface ManifestWork {
  request: JobRequest;
  rule: JobRule;
}

/** The rule of the manifest whose job this is: same name, same work. */
function manifestRuleOf(manifests: ReadonlyMap<string, ManifestWork>, job: JobResponse): JobRule | undefined {
  const name = job.jobId.slice(0, Math.max(0, job.jobId.lastIndexOf("-")));
  const manifest = manifests.get(name);
  if (!manifest || !isJobOfName(name, job.jobId)) return undefined;
  return jobBodyDifferences(manifest.request, job).length === 0 ? manifest.rule : undefined;
}

/** `jobs.<name>.{jobId, completion.maxFailedPercent}` of a stack's outputs; jobs without them are skipped. */
export function rulesFromStack(stack: string, jobs: unknown): Map<string, JobRule> {
  const rules = new Map<string, JobRule>();
  if (typeof jobs !== "object" || jobs === null) return rules;
  for (const [name, value] of Object.entries(jobs as Record<string, unknown>)) {
    const job = value as { jobId?: unknown; completion?: { maxFailedPercent?: unknown }; waves?: unknown } | null;
    const percent = job?.completion?.maxFailedPercent;
    if (typeof job?.jobId !== "string" || typeof percent !== "number") continue;
    rules.set(job.jobId, { ...manifestRule(percent), from: `stack ${stack}`, manifest: name });
    // A rollout's jobs on the hub are its waves: each judged by the gate, as `pulumi up` judged it.
    const waves = Array.isArray(job.waves) ? (job.waves as Array<{ jobId?: unknown; name?: unknown; gate?: unknown; maxFailedPercent?: unknown }>) : [];
    waves.forEach((w, i) => {
      if (typeof w.jobId !== "string" || typeof w.name !== "string") return;
      const wave: WaveOfRollout = { index: i + 1, count: waves.length, name: w.name, ...(typeof w.gate === "string" ? { gate: w.gate } : {}) };
      rules.set(w.jobId, { ...manifestRule(typeof w.maxFailedPercent === "number" ? w.maxFailedPercent : percent), from: `stack ${stack}`, manifest: name, wave });
    });
  }
  return rules;
}

interface ManifestRules {
  /** metadata.name -> the manifest's work and rule. */
  byName: Map<string, ManifestWork>;
  /** A rollout's wave job ids (as its first revision names them) -> the gate's rule. */
  waves: Map<string, JobRule>;
}

async function manifestRules(jobsPath: string | undefined, cwd: string, stderr: OutputStream, now: Date): Promise<ManifestRules> {
  const rules = new Map<string, ManifestWork>();
  const waves = new Map<string, JobRule>();
  const path = jobsPath ?? defaultJobsPath;
  if (!existsSync(resolve(cwd, path))) {
    if (jobsPath !== undefined) throw new StatusError("E_USAGE", `--jobs ${jobsPath}: no such file or directory`);
    return { byName: rules, waves };
  }
  // Loaded only when there are manifests: the schema validator and YAML reader are not small.
  const { loadManifests } = await import("../../manifest/index.ts");
  const loaded = await loadManifests([path], { cwd, now, mode: "validate" });
  const errors = loaded.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    const files = [...new Set(errors.map((p) => p.file))];
    stderr.write(`hubjobs status: warning: ${files.join(", ")} ${files.length === 1 ? "has" : "have"} invalid manifests (see \`hubjobs validate\`); jobs no valid manifest describes are judged by "${describeRule(anyFailedDeviceFails)}"\n`);
  }
  for (const { file, job } of loaded.manifests) {
    rules.set(job.name, { request: job.request, rule: { ...manifestRule(job.completion.maxFailedPercent), from: file, manifest: job.name } });
    const rollout = job.rollout;
    rollout?.waves.forEach((w, i) => {
      waves.set(waveJobId(job, i, w), { ...manifestRule(rollout.gate.maxFailedPercent), from: file, manifest: job.name, wave: { index: i + 1, count: rollout.waves.length, name: w.name } });
    });
  }
  return { byName: rules, waves };
}
