// What `hubjobs status` knows about one job at one moment, read from the hub, and how it is judged:
// by the one verdict of src/jobs, under the rule job-rules.ts picked for it.
import { isFinished, type DeviceJobStatistics, type JobResponse } from "../../iothub/index.ts";
import { judgedStatistics as moveDeviceErrors, judgeJob, type DeviceErrorCount, type FailedDevice, type FailedDeviceClient, type VerdictOutcome, type VerdictProblem } from "../../jobs/index.ts";
import type { JobRule, RuleBook } from "./job-rules.ts";

export interface JobSnapshot {
  jobId: string;
  type: string;
  status: string;
  createdTime?: string;
  startTime?: string;
  endTime?: string;
  failureReason?: string;
  /** The hub's own counts: devices that answered a method with an error are in `succeededCount`. */
  statistics: DeviceJobStatistics;
  /**
   * Ended method jobs: devices that answered the method with a status outside 200..299. They count
   * as failed, as in `pulumi up`; `capped`: counting stopped at the query cap, there are at least `count`.
   */
  deviceErrors?: DeviceErrorCount;
  /** The rule the job is judged by, and where it comes from. */
  rule: JobRule;
  outcome: VerdictOutcome;
  /** Why it failed, when `outcome` is `failed`. */
  problem?: VerdictProblem;
  /** Filled for jobs with failures once they are reported on; capped (see `failedDeviceLimit`). */
  failedDevices?: FailedDevice[];
}

export interface SnapshotClient extends FailedDeviceClient {
  listJobs(): Promise<JobResponse[]>;
  getJob(id: string): Promise<JobResponse | undefined>;
}

const noStatistics: DeviceJobStatistics = { deviceCount: 0, failedCount: 0, succeededCount: 0, runningCount: 0, pendingCount: 0 };

/** The snapshot with its outcome judged (again) from its status, counts and rule. */
export function judged(s: JobSnapshot): JobSnapshot {
  const { outcome, problem } = judgeJob(s.status, s.statistics, s.rule, s.deviceErrors);
  const { problem: _previous, ...rest } = s;
  return { ...rest, outcome, ...(problem ? { problem } : {}) };
}

export function toSnapshot(job: JobResponse, rule: JobRule): JobSnapshot {
  const statistics = { ...noStatistics, ...job.deviceJobStatistics };
  const snapshot: JobSnapshot = { jobId: job.jobId, type: job.type, status: job.status, statistics, rule, outcome: "unfinished" };
  if (job.createdTime) snapshot.createdTime = job.createdTime;
  if (job.startTime) snapshot.startTime = job.startTime;
  if (job.endTime) snapshot.endTime = job.endTime;
  if (job.failureReason) snapshot.failureReason = job.failureReason;
  else if (job.status === "failed" && job.statusMessage) snapshot.failureReason = job.statusMessage;
  return judged(snapshot);
}

/** The hub's counts with the devices that answered an error moved from succeeded to failed. */
export function judgedStatistics(s: JobSnapshot): DeviceJobStatistics {
  return moveDeviceErrors(s.statistics, s.deviceErrors);
}

export function isSnapshotFinished(s: JobSnapshot): boolean {
  return isFinished(s.status) || s.status === "unknown";
}

/**
 * The jobs a command line names: a job id, or a manifest name (job ids are `<name>-<hash>`, so a
 * name selects every revision of that manifest). No selector = every job the hub remembers.
 * Oldest first, so a manifest's revisions read in the order they ran. `rules` may still be loading:
 * the jobs are read first, so the snapshot is as of the command's start.
 */
export async function selectJobs(client: SnapshotClient, selectors: readonly string[], rules: RuleBook | Promise<RuleBook>): Promise<{ jobs: JobSnapshot[]; unmatched: string[] }> {
  const all = await client.listJobs();
  const chosen = new Map<string, JobResponse>();
  const unmatched: string[] = [];
  for (const selector of selectors) {
    const hits = all.filter((j) => j.jobId === selector || isRevisionOf(j.jobId, selector));
    if (hits.length === 0) {
      // The list may lag behind or page out; ask for the id directly before giving up.
      const job = await client.getJob(selector);
      if (job) hits.push(job);
    }
    if (hits.length === 0) unmatched.push(selector);
    for (const job of hits) chosen.set(job.jobId, job);
  }
  const jobs = selectors.length === 0 ? all : [...chosen.values()];
  const ruleFor = await rules;
  return { jobs: jobs.map((job) => toSnapshot(job, ruleFor(job))).sort(byCreation), unmatched };
}

/** `<name>-<hash>`: the hash has no dash, so `lock-doors` does not select `lock-doors-extra-<hash>`. */
function isRevisionOf(jobId: string, name: string): boolean {
  return jobId.startsWith(`${name}-`) && /^[0-9a-z]+$/i.test(jobId.slice(name.length + 1));
}

function byCreation(a: JobSnapshot, b: JobSnapshot): number {
  return (a.createdTime ?? "").localeCompare(b.createdTime ?? "") || a.jobId.localeCompare(b.jobId);
}

/** Re-reads the jobs still unfinished; finished ones never change again. */
export async function refresh(client: SnapshotClient, jobs: readonly JobSnapshot[]): Promise<JobSnapshot[]> {
  return Promise.all(
    jobs.map(async (s) => {
      if (isSnapshotFinished(s)) return s;
      const job = await client.getJob(s.jobId);
      if (job) return toSnapshot(job, s.rule);
      // Deleted or expired while watched: nothing more will be learned, and it did not succeed.
      return { ...s, status: "unknown", outcome: "failed" as const, problem: "failed" as const, failureReason: "the hub no longer knows this job" };
    }),
  );
}

export const failedDeviceLimit = 10;

export function exitCodeFor(jobs: readonly JobSnapshot[]): 0 | 1 {
  return jobs.some((s) => s.outcome === "failed") ? 1 : 0;
}
