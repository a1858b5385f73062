// Blast radius: before a job runs, how many devices its target matches on the hub right now, how
// many of those are offline, and whether the tier's concurrent-job limit will make it wait behind
// other jobs, and how long it takes at least at the tier's job rate (duration-forecast.ts). Used by
// `hubjobs plan --hub` and by the Pulumi program's preview diagnostics.
import { isActive } from "../iothub/types.ts";
import type { CompiledWave } from "../manifest/types.ts";
import { forecastJobDuration, type DurationForecast } from "./duration-forecast.ts";
import { mapBounded } from "./map-bounded.ts";
import { countWaves, type WaveCount } from "./wave-counts.ts";
import { concurrentJobLimit, type HubTier } from "./tier-limits.ts";

/** Counting queries in flight at once. */
export const countingConcurrency = 4;

/** The part of a compiled job the forecast needs (a `CompiledJob` from src/manifest fits). */
export interface BlastJob {
  name: string;
  jobId: string;
  request: { type: string; queryCondition: string; maxExecutionTimeInSeconds?: number };
  /** The job this one replaces: still running, it delays the start (src/provider/job-history.ts). */
  supersedes?: string;
  /** A staged rollout's waves: counted one by one (src/blast/wave-counts.ts). */
  rollout?: { waves: CompiledWave[] };
}

/** A job as the hub lists it. */
export interface ListedJob {
  jobId: string;
  status: string;
  type?: string;
  deviceJobStatistics?: { deviceCount: number; succeededCount: number; failedCount: number };
}

/** The part of the IoT Hub client the forecast needs (`IotHubClient` fits). */
export interface BlastClient {
  countDevices(condition: string): Promise<number>;
  listJobs(): Promise<ListedJob[]>;
}

export type QueuePosition =
  /** Already on the hub under this id: applying it runs nothing new. */
  | { kind: "existing"; status: string }
  /** A slot is free when it is submitted. */
  | { kind: "starts"; busySlots: number; limit: number }
  /** `waitsFor` jobs must end before it gets a slot. */
  | { kind: "waits"; busySlots: number; limit: number; waitsFor: number }
  /** The job it replaces has not ended: IoT Hub cannot cancel a running job, so this one starts after it. */
  | { kind: "after"; jobId: string; status: string; done: number; total: number };

export interface JobBlastRadius {
  name: string;
  jobId: string;
  type: string;
  queryCondition: string;
  /** Devices the target matches now (the job's targets are fixed when it starts). */
  matched: number;
  /** Of those, devices whose connectionState is Disconnected: a method job fails on them. */
  offline: number;
  queue: QueuePosition;
  /** A rollout's devices per wave, in order. */
  waves?: WaveCount[];
  /** How long it takes at least; absent when nothing new runs (already on the hub, or no device matched). */
  forecast?: DurationForecast;
}

export interface BlastRadiusReport {
  tier: HubTier;
  /** False when the caller did not know the tier and S1 (the default SKU) was assumed. */
  tierKnown: boolean;
  /** Jobs on the hub holding a slot before any of these is submitted. */
  activeJobs: number;
  jobs: JobBlastRadius[];
}

export interface BlastRadiusOptions {
  tier?: HubTier;
  /** The hub's capacity units, when known: S2's and S3's job rates grow with them. */
  units?: number;
}

/** WHERE clause selecting the offline devices among those a job condition matches. */
export function offlineCondition(queryCondition: string): string {
  const disconnected = "connectionState = 'Disconnected'";
  return queryCondition.trim() === "*" ? disconnected : `(${queryCondition}) AND ${disconnected}`;
}

/** `countDevices` that asks the hub once per distinct condition, however many jobs share it. */
function countOncePerCondition(client: BlastClient): (condition: string) => Promise<number> {
  const counts = new Map<string, Promise<number>>();
  return (condition) => {
    let counted = counts.get(condition);
    if (!counted) {
      counted = client.countDevices(condition);
      counts.set(condition, counted);
    }
    return counted;
  };
}

/**
 * Jobs are forecast in the order given, which is the order they will be submitted: each job not yet
 * on the hub takes the next slot, so with a one-job tier the second new job waits for the first.
 */
export async function computeBlastRadius(client: BlastClient, jobs: readonly BlastJob[], options: BlastRadiusOptions = {}): Promise<BlastRadiusReport> {
  const tier = options.tier ?? "S1";
  const limit = concurrentJobLimit[tier];
  const onHub = await client.listJobs();
  const byId = new Map(onHub.map((j) => [j.jobId, j]));
  const activeJobs = onHub.filter((j) => isActive(j.status)).length;

  // Jobs with the same target share their counts (one query per distinct condition), and a few
  // queries are in flight at once: S1/S2 hubs allow 20 queries a minute, so the count of queries
  // matters more than their order, and the client retries a throttled one (429).
  const count = countOncePerCondition(client);
  const counts = await mapBounded(jobs, countingConcurrency, async (job) => {
    const matched = await count(job.request.queryCondition);
    const offline = matched === 0 ? 0 : await count(offlineCondition(job.request.queryCondition));
    const waves = job.rollout ? await countWaves(count, (c) => count(offlineCondition(c)), job.request.queryCondition, job.rollout.waves) : undefined;
    return { matched, offline, waves };
  });

  const results: JobBlastRadius[] = [];
  let submittedBefore = 0;
  jobs.forEach((job, i) => {
    const { matched, offline, waves } = counts[i]!;
    const existing = byId.get(job.jobId)?.status;
    const predecessor = job.supersedes ? byId.get(job.supersedes) : undefined;
    let queue: QueuePosition;
    if (existing !== undefined) {
      queue = { kind: "existing", status: existing };
    } else if (predecessor && predecessor.status === "running") {
      const s = predecessor.deviceJobStatistics;
      queue = { kind: "after", jobId: predecessor.jobId, status: predecessor.status, done: s ? s.succeededCount + s.failedCount : 0, total: s?.deviceCount ?? 0 };
      submittedBefore++;
    } else {
      const busySlots = activeJobs + submittedBefore;
      queue = busySlots < limit ? { kind: "starts", busySlots, limit } : { kind: "waits", busySlots, limit, waitsFor: busySlots - limit + 1 };
      submittedBefore++;
    }
    const result: JobBlastRadius = { name: job.name, jobId: job.jobId, type: job.request.type, queryCondition: job.request.queryCondition, matched, offline, queue, ...(waves ? { waves } : {}) };
    if (queue.kind !== "existing" && matched > 0) {
      result.forecast = forecastJobDuration(matched, tier, { units: options.units, maxExecutionTimeInSeconds: job.request.maxExecutionTimeInSeconds });
    }
    results.push(result);
  });
  return { tier, tierKnown: options.tier !== undefined, activeJobs, jobs: results };
}
