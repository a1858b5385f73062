// One line per job from the program's `jobs` stack output, for `npm start`. The output is what
// `pulumi up` recorded when it applied each job: a job that does not wait (completion.wait: false)
// is recorded as queued or scheduled and moves on without the stack knowing, so the lines say when
// they were taken and point at `hubjobs status` for the live state.
import { isFinished } from "../../src/iothub/types.ts";

export type JobOutput = {
  jobId?: string;
  type?: string;
  status?: string;
  statistics?: { deviceCount?: number; succeededCount?: number; failedCount?: number; runningCount?: number; pendingCount?: number };
  failedDevices?: { deviceId: string; errorCode?: string; errorDescription?: string; methodStatus?: number }[];
  /** Method jobs: devices that answered with an error status; the hub counts them as succeeded, the verdict as failed. */
  deviceErrorCount?: number | null;
};

export function formatJobOutcomes(jobs: Record<string, JobOutput>): string {
  const names = Object.keys(jobs).sort();
  if (names.length === 0) return "  (no jobs)";
  const width = Math.max(...names.map((n) => n.length));
  return names
    .map((name) => {
      const job = jobs[name] ?? {};
      const s = job.statistics ?? {};
      const errors = job.deviceErrorCount ? `, ${job.deviceErrorCount} answered an error` : "";
      const counts = `${s.succeededCount ?? 0}/${s.deviceCount ?? 0} succeeded${errors}, ${s.failedCount ?? 0} failed, ${(s.runningCount ?? 0) + (s.pendingCount ?? 0)} pending`;
      const failed = (job.failedDevices ?? [])
        .slice(0, 3)
        .map((d) => `${d.deviceId}${d.errorCode ? ` (${d.errorCode})` : d.methodStatus !== undefined ? ` (method returned ${d.methodStatus})` : ""}`)
        .join(", ");
      return `  ${name.padEnd(width)}  ${(job.status ?? "unknown").padEnd(10)} ${counts}${failed ? `; failed: ${failed}` : ""}  [${job.jobId ?? "?"}]`;
    })
    .join("\n");
}

/** A hint for jobs recorded before they ended (queued, scheduled, running), or undefined when every job had ended. */
export function unfinishedNote(jobs: Record<string, JobOutput>): string | undefined {
  const unfinished = Object.keys(jobs).sort().filter((name) => !isFinished(jobs[name]?.status ?? ""));
  if (unfinished.length === 0) return undefined;
  return `Not ended when \`pulumi up\` finished (completion.wait: false, or up failed): ${unfinished.join(", ")}. Follow live: npx hubjobs status --watch`;
}
