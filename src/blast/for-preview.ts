// The blast radius in `pulumi preview`: one diagnostic per job that may run ("lock-doors: this job
// touches 12,408 devices ...; takes at least 21 min ..."), a warning for a job that cannot reach
// all its devices within its maxExecutionTime, and data for a stack output. Jobs recorded
// unchanged in state are not counted (src/blast/jobs-to-count.ts); one diagnostic says how many. Counting is advice for
// the reviewer, never a reason for a preview to fail: any error becomes one warning.
import { createClient, type HubAccess } from "../iothub/index.ts";
import { computeBlastRadius, type BlastClient, type BlastJob } from "./blast-radius.ts";
import { blastRadiusOutput, describeForecastWarnings, describeJobBlastRadius } from "./format.ts";
import { jobsToCount, type RecordedJob } from "./jobs-to-count.ts";
import type { HubTier } from "./tier-limits.ts";

export interface PreviewLog {
  /** e.g. `(msg, name) => pulumi.log.info(msg, name ? jobResources[name] : undefined)`; no name = the stack. */
  info(message: string, jobName?: string): void;
  warn(message: string): void;
}

export type BlastRadiusOutput = ReturnType<typeof blastRadiusOutput>;

export interface PreviewBlastOptions {
  tier?: HubTier;
  /** The hub's capacity units, when the configuration knows them (the job rate of S2 and S3 grows with them). */
  units?: number;
  log: PreviewLog;
  /** What state records for a job (src/blast/jobs-to-count.ts `recordedJob`); without it every job is counted. */
  recorded?: (jobName: string) => Promise<RecordedJob | undefined>;
  /** When this run started: a job applied earlier and unchanged is not counted. */
  runStartedAt?: number;
}

/** Where to count: a hub's access, or a client of something else that answers like one (a fleet file). */
export type BlastConnection = HubAccess | (() => Promise<BlastClient>);

export async function blastRadiusDiagnostics(connection: BlastConnection, jobs: readonly BlastJob[], options: PreviewBlastOptions): Promise<BlastRadiusOutput | undefined> {
  try {
    const { count, unchanged } = options.recorded
      ? await jobsToCount(jobs, options.recorded, options.runStartedAt ?? Date.now())
      : { count: [...jobs], unchanged: [] };
    if (unchanged.length > 0) {
      const n = unchanged.length;
      options.log.info(`blast radius: ${n} unchanged ${n === 1 ? "job" : "jobs"} not counted (already applied with the same job id: nothing runs for ${n === 1 ? "it" : "them"})`);
    }
    if (count.length === 0) return {};
    const client = typeof connection === "function" ? await connection() : await createClient(connection, { retry: { deadlineMs: 20_000 } });
    const report = await computeBlastRadius(client, count, { ...(options.tier ? { tier: options.tier } : {}), ...(options.units ? { units: options.units } : {}) });
    for (const job of report.jobs) {
      options.log.info(describeJobBlastRadius(job), job.name);
      for (const warning of describeForecastWarnings(job)) options.log.warn(warning);
    }
    return blastRadiusOutput(report);
  } catch (e) {
    options.log.warn(`blast radius unavailable: ${(e as Error).message.split("\n")[0]}`);
    return undefined;
  }
}
