// `hubjobs status --watch`: poll the unfinished jobs until every one has ended, drawing a progress
// line per job. On a terminal the lines are redrawn in place; anywhere else (CI logs, pipes, files)
// a job's line is printed again only when it changed, and no cursor control is ever written.
import type { OutputStream } from "../io.ts";
import type { DeviceErrorLookup } from "../../jobs/index.ts";
import { isSnapshotFinished, refresh, type JobSnapshot, type SnapshotClient } from "./job-snapshot.ts";
import { jobLabel, renderProgressLine } from "./render.ts";
import { withDeviceErrors } from "./snapshot-findings.ts";

export interface WatchOptions {
  intervalMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** Draws nothing (for `--json`). */
  quiet?: boolean;
  /**
   * Counts, when a watched method job ends, the devices that answered it with an error, so its last
   * line shows them. Each job is looked up once (the lookup caches); unfinished jobs never.
   */
  lookup?: DeviceErrorLookup;
}

const sleepReal = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function watchJobs(client: SnapshotClient, initial: readonly JobSnapshot[], out: OutputStream, options: WatchOptions): Promise<JobSnapshot[]> {
  const sleep = options.sleep ?? sleepReal;
  const watched = new Set(initial.filter((s) => !isSnapshotFinished(s)).map((s) => s.jobId));
  const draw = options.quiet ? () => {} : out.isTTY ? liveRedraw(out) : appendOnChange(out);
  let jobs = [...initial];
  for (;;) {
    draw(jobs.filter((s) => watched.has(s.jobId)));
    if (jobs.every(isSnapshotFinished)) return jobs;
    await sleep(options.intervalMs);
    jobs = await refresh(client, jobs);
    if (options.lookup) jobs = await withDeviceErrors(options.lookup, jobs, (s) => watched.has(s.jobId) && s.deviceErrors === undefined);
  }
}

function barWidthFor(out: OutputStream, idWidth: number): number {
  // Room left on a terminal line after the id, status, counts and separators.
  const free = (out.columns ?? 120) - idWidth - 90;
  return Math.max(10, Math.min(40, free));
}

/** Terminal: move the cursor back over the previous frame and overwrite it line by line. */
function liveRedraw(out: OutputStream): (jobs: JobSnapshot[]) => void {
  let previousLines = 0;
  return (jobs) => {
    const idWidth = Math.max(0, ...jobs.map((s) => jobLabel(s).length));
    const lines = jobs.map((s) => renderProgressLine(s, idWidth, barWidthFor(out, idWidth)));
    let frame = previousLines > 0 ? `\x1b[${previousLines}A` : "";
    for (const line of lines) frame += `\x1b[2K${line}\n`;
    for (let i = lines.length; i < previousLines; i++) frame += "\x1b[2K\n";
    out.write(frame);
    previousLines = Math.max(lines.length, previousLines);
  };
}

/** Logs: a line per job whenever its status or counts moved since it was last printed. */
function appendOnChange(out: OutputStream): (jobs: JobSnapshot[]) => void {
  const last = new Map<string, string>();
  return (jobs) => {
    const idWidth = Math.max(0, ...jobs.map((s) => s.jobId.length));
    for (const s of jobs) {
      const key = JSON.stringify([s.status, s.statistics, s.deviceErrors]);
      if (last.get(s.jobId) === key) continue;
      last.set(s.jobId, key);
      out.write(`${renderProgressLine(s, idWidth)}\n`);
    }
  };
}
