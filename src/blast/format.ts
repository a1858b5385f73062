// Blast radius as people read it: in `hubjobs plan --hub`, and as one diagnostic per job in
// `pulumi preview`, so the reviewer of a pull request sees "this job touches 12,408 devices" and
// "takes at least 21 min at S1's 10 device operations/s".
import type { BlastRadiusReport, JobBlastRadius, QueuePosition } from "./blast-radius.ts";
import type { WaveCount } from "./wave-counts.ts";
import { forecastJobDuration, formatDurationForecast, formatUnreachedWarning, type DurationForecast } from "./duration-forecast.ts";

const numbers = new Intl.NumberFormat("en-US");

function devices(n: number): string {
  return `${numbers.format(n)} ${n === 1 ? "device" : "devices"}`;
}

function queueText(queue: QueuePosition): string {
  switch (queue.kind) {
    case "existing":
      return `already on the hub (${queue.status}): nothing new runs`;
    case "starts":
      return `starts at once (${queue.busySlots} of ${queue.limit} job slots busy)`;
    case "waits":
      return `waits for ${queue.waitsFor} other ${queue.waitsFor === 1 ? "job" : "jobs"} to end (${queue.limit}-job limit)`;
    case "after":
      return `replaces ${queue.jobId}, still ${queue.status} (${numbers.format(queue.done)}/${numbers.format(queue.total)} done): starts after it ends`;
  }
}

function offlineText(job: JobBlastRadius): string {
  if (job.offline === 0) return "none offline";
  // Twin updates are stored in the cloud and reach an offline device when it reconnects; a direct
  // method cannot, so for method jobs offline devices are failures in waiting.
  const consequence = job.type === "scheduleDeviceMethod" ? ", which will fail" : ", updated when they reconnect";
  return `${numbers.format(job.offline)} offline${consequence}`;
}

/**
 * One sentence per job, e.g. for a `pulumi.log.info` diagnostic during preview; a rollout adds its
 * waves. The forecast is the job's device operations at the tier's rate: for a rollout, its waves'
 * together (gates and soaks come on top).
 */
export function describeJobBlastRadius(job: JobBlastRadius): string {
  const line = `${job.name}: this job touches ${devices(job.matched)} (${offlineText(job)}); ${queueText(job.queue)}`;
  const waves = job.waves ? `; ${wavesText(job.waves)}` : "";
  const forecast = job.forecast ? `; takes ${formatDurationForecast(job.forecast)}` : "";
  return `${line}${waves}${forecast}`;
}

/** `in 3 waves: canary 2 devices (picked when it starts), early at most 400 devices (3 offline), rest 11,988 devices (none offline)`. */
function wavesText(waves: readonly WaveCount[]): string {
  const parts = waves.map((w) => {
    const offline = w.picked ? "picked when it starts" : w.offline === undefined ? "offline not counted" : w.offline === 0 ? "none offline" : `${numbers.format(w.offline)} offline`;
    return `${w.name} ${w.atMost ? "at most " : ""}${devices(w.matched)} (${offline})`;
  });
  return `in ${waves.length} ${waves.length === 1 ? "wave" : "waves"}: ${parts.join(", ")}`;
}

/**
 * The IoT Hub jobs a job runs, each with its own forecast: one for a plain job, one per wave for a
 * rollout (each wave is its own hub job under the same maxExecutionTime).
 */
function hubJobForecasts(job: JobBlastRadius): { label: string; forecast: DurationForecast }[] {
  const f = job.forecast;
  if (!f) return [];
  if (!job.waves) return [{ label: job.name, forecast: f }];
  const options = { units: f.unitsKnown ? f.units : undefined, maxExecutionTimeInSeconds: f.maxExecutionTimeInSeconds };
  return job.waves.map((w) => ({ label: `${job.name} wave ${w.name}`, forecast: forecastJobDuration(w.matched, f.tier, options) }));
}

/** Warnings for each hub job (a plain job, or a rollout's wave) that cannot reach all its devices within its maxExecutionTime. */
export function describeForecastWarnings(job: JobBlastRadius): string[] {
  return hubJobForecasts(job).flatMap(({ label, forecast }) => formatUnreachedWarning(label, forecast) ?? []);
}

/** Devices left unreached over all the hub jobs a job runs; 0 when every one fits its maxExecutionTime. */
function unreachedDevices(job: JobBlastRadius): number {
  return hubJobForecasts(job).reduce((n, { forecast }) => n + forecast.unreached, 0);
}

/** Lines for `hubjobs plan --hub`: a header naming the tier, then one line per job. */
export function formatBlastRadius(report: BlastRadiusReport): string[] {
  const tier = report.tierKnown ? `tier ${report.tier}` : `tier ${report.tier} (assumed; pass --tier)`;
  const lines = [`Blast radius on the hub now: ${tier}, ${report.activeJobs} active ${report.activeJobs === 1 ? "job" : "jobs"}`];
  for (const job of report.jobs) {
    lines.push(`  ${describeJobBlastRadius(job)}`);
    for (const warning of describeForecastWarnings(job)) lines.push(`  warning: ${warning}`);
  }
  return lines;
}

export interface BlastRadiusOutputEntry {
  jobId: string;
  matched: number;
  offline: number;
  queue: string;
  waves?: WaveCount[];
  /** e.g. "at least 21 min at S1's 10 device operations/s"; absent when nothing new runs. */
  forecast?: string;
  /** Devices left unreached when the job (a rollout: its waves) outlasts its maxExecutionTime; absent when none. */
  unreached?: number;
}

/** Plain data for a stack output or `plan --json`: one entry per job, keyed by manifest name. */
export function blastRadiusOutput(report: BlastRadiusReport): Record<string, BlastRadiusOutputEntry> {
  const out: Record<string, BlastRadiusOutputEntry> = {};
  for (const job of report.jobs) {
    const entry: BlastRadiusOutputEntry = { jobId: job.jobId, matched: job.matched, offline: job.offline, queue: queueText(job.queue), ...(job.waves ? { waves: job.waves } : {}) };
    if (job.forecast) entry.forecast = formatDurationForecast(job.forecast);
    const unreached = unreachedDevices(job);
    if (unreached > 0) entry.unreached = unreached;
    out[job.name] = entry;
  }
  return out;
}
