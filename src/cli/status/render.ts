// Text output of `hubjobs status`: a table of jobs, one progress line per job while watching, and a
// summary naming the failed devices with their errors.
import type { FailedDevice, JobSnapshot } from "./job-snapshot.ts";
import { progressBar } from "./progress-bar.ts";

const numbers = new Intl.NumberFormat("en-US");
const n = (v: number): string => numbers.format(v);

const shortType: Record<string, string> = { scheduleDeviceMethod: "method", scheduleUpdateTwin: "twin" };

function typeOf(s: JobSnapshot): string {
  return shortType[s.type] ?? s.type;
}

const columns = ["JOB", "TYPE", "STATUS", "DEVICES", "SUCCEEDED", "FAILED", "RUNNING", "PENDING"] as const;

/** One row per job, columns aligned; numbers right-aligned. */
export function renderTable(jobs: readonly JobSnapshot[]): string[] {
  const rows = jobs.map((s) => [
    s.jobId,
    typeOf(s),
    s.status,
    n(s.statistics.deviceCount),
    n(s.statistics.succeededCount),
    n(s.statistics.failedCount),
    n(s.statistics.runningCount),
    n(s.statistics.pendingCount),
  ]);
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(columns), ...rows.map(line)];
}

/** One line per job while watching: `<job>  <status>  [bar]  done/total  counts`. */
export function renderProgressLine(s: JobSnapshot, idWidth: number, barWidth = 30): string {
  const st = s.statistics;
  const done = st.succeededCount + st.failedCount;
  return [
    s.jobId.padEnd(idWidth),
    s.status.padEnd(9),
    progressBar(st, barWidth),
    // Padded to its final width, so the counts after it do not shift as devices finish.
    `${n(done)}/${n(st.deviceCount)}`.padStart(2 * n(st.deviceCount).length + 1),
    `succeeded ${n(st.succeededCount)}, failed ${n(st.failedCount)}, running ${n(st.runningCount)}, pending ${n(st.pendingCount)}`,
  ].join("  ");
}

function failedDeviceLine(d: FailedDevice): string {
  return `    ${d.deviceId}: ${d.error}${d.description ? ` (${d.description})` : ""}`;
}

/** Failed jobs and devices, then one closing line that counts outcomes. */
export function renderSummary(jobs: readonly JobSnapshot[]): string[] {
  const lines: string[] = [];
  for (const s of jobs) {
    if (s.outcome !== "failed") continue;
    const st = s.statistics;
    const head = st.failedCount > 0 ? `${n(st.failedCount)} of ${n(st.deviceCount)} devices failed` : "the job failed";
    lines.push(`${s.jobId} (${typeOf(s)}, ${s.status}): ${head}${s.failureReason ? `: ${s.failureReason}` : ""}`);
    const shown = s.failedDevices ?? [];
    for (const d of shown) lines.push(failedDeviceLine(d));
    if (st.failedCount > shown.length && shown.length > 0) lines.push(`    ... and ${n(st.failedCount - shown.length)} more (hubjobs status ${s.jobId} --max-failed N)`);
  }
  if (jobs.length === 0) return ["no jobs on the hub"];
  const count = (o: JobSnapshot["outcome"]): number => jobs.filter((s) => s.outcome === o).length;
  const parts = [`${count("succeeded")} succeeded`, `${count("failed")} failed`];
  if (count("cancelled") > 0) parts.push(`${count("cancelled")} cancelled`);
  if (count("unfinished") > 0) parts.push(`${count("unfinished")} unfinished`);
  const failedDevices = jobs.reduce((sum, s) => sum + s.statistics.failedCount, 0);
  lines.push(`${jobs.length} ${jobs.length === 1 ? "job" : "jobs"}: ${parts.join(", ")}; ${n(failedDevices)} failed ${failedDevices === 1 ? "device" : "devices"}`);
  return lines;
}

/** The `--json` document. */
export function toJson(jobs: readonly JobSnapshot[], exitCode: number): string {
  return JSON.stringify({ ok: exitCode === 0, jobs }, null, 2);
}
