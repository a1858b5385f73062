// Polls a job with the SDK the way the Microsoft samples monitor one: getJob until it ends.
import type { JobClient } from "./sdk.ts";

export const FINISHED = ["completed", "failed", "cancelled"] as const;

export interface PollOptions {
  intervalMs?: number;
  /** Give up after this many polls (a stuck job must fail the test, not hang it). */
  maxPolls?: number;
}

export async function waitForJobEnd(jobs: JobClient, jobId: string, options: PollOptions = {}): Promise<any> {
  const intervalMs = options.intervalMs ?? 250;
  const maxPolls = options.maxPolls ?? 400;
  let last: any;
  for (let i = 0; i < maxPolls; i++) {
    last = (await jobs.getJob(jobId)).jobStatus;
    if ((FINISHED as readonly string[]).includes(last.status)) return last;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`job ${jobId} still '${last?.status}' after ${maxPolls} polls`);
}
