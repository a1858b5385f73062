// Polls a job until it finishes or the completion timeout passes. Polls start fast (most jobs on a
// small fleet end in seconds) and back off, so a long job costs few requests against the hub's
// job-operation quota.
import type { IotHubClient } from "../iothub/client.ts";
import { isFinished, type JobResponse } from "../iothub/types.ts";

export interface WaitOptions {
  timeoutMs: number;
  initialIntervalMs?: number;
  maxIntervalMs?: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  log?: (line: string) => void;
}

export async function waitForJob(client: IotHubClient, first: JobResponse, options: WaitOptions): Promise<{ job: JobResponse; timedOut: boolean }> {
  const deadline = options.now() + options.timeoutMs;
  let interval = options.initialIntervalMs ?? 1000;
  const maxInterval = options.maxIntervalMs ?? 15_000;
  let job = first;
  let lastReport = "";
  while (!isFinished(job.status)) {
    const left = deadline - options.now();
    if (left <= 0) return { job, timedOut: true };
    await options.sleep(Math.min(interval, left));
    interval = Math.min(maxInterval, interval * 2);
    // A job the hub forgot mid-wait keeps its last known state.
    job = (await client.getJob(job.jobId)) ?? job;
    const s = job.deviceJobStatistics;
    const report = `${job.jobId}: ${job.status}${s ? ` (${s.succeededCount}/${s.deviceCount} succeeded, ${s.failedCount} failed)` : ""}`;
    if (report !== lastReport) options.log?.(report);
    lastReport = report;
  }
  return { job, timedOut: false };
}

/** How `pulumi up` waits for a job it applied: within the manifest's completion timeout, logging as `label`. */
export function completionWait(
  inputs: { completion: { timeoutSeconds: number } },
  d: { pollIntervalMs: number; maxPollIntervalMs: number; sleep: (ms: number) => Promise<void>; now: () => number; log: (line: string) => void },
  label: string,
): WaitOptions {
  return {
    timeoutMs: inputs.completion.timeoutSeconds * 1000,
    initialIntervalMs: d.pollIntervalMs,
    maxIntervalMs: d.maxPollIntervalMs,
    sleep: d.sleep,
    now: d.now,
    log: (line) => d.log(`${label}: ${line}`),
  };
}
