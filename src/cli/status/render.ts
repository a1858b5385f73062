// Text output of `hubjobs status`: a table of jobs, one progress line per job while watching, and a
// summary naming the failed devices with their errors and the rule each job was judged by. Counts
// are judged as `pulumi up` judges them: a device that answered a method with an error status
// failed, though the hub counts it as succeeded.
import { describeDevice, describeRule, type FailedDevice } from "../../jobs/index.ts";
import { describeJobRule, waveLabel } from "./job-rules.ts";
import { isSnapshotFinished, judgedStatistics, type JobSnapshot } from "./job-snapshot.ts";
import { progressBar } from "./progress-bar.ts";

const numbers = new Intl.NumberFormat("en-US");
const n = (v: number): string => numbers.format(v);

const shortType: Record<string, string> = { scheduleDeviceMethod: "method", scheduleUpdateTwin: "twin" };

function typeOf(s: JobSnapshot): string {
  return shortType[s.type] ?? s.type;
}

const columns = ["JOB", "TYPE", "STATUS", "DEVICES", "SUCCEEDED", "FAILED", "RUNNING", "PENDING"] as const;

/** The job's id, and for a rollout's wave which one: `fw-1a2b3c4d (fw wave 1/3 canary)`. */
export function jobLabel(s: JobSnapshot): string {
  return s.rule.wave ? `${s.jobId} (${s.rule.manifest} ${waveLabel(s.rule.wave)})` : s.jobId;
}

/** Past the query cap the device errors are a lower bound: more failed, fewer succeeded. */
function isCapped(s: JobSnapshot): boolean {
  return s.deviceErrors?.capped === true;
}

/** One row per job, columns aligned; numbers right-aligned. */
export function renderTable(jobs: readonly JobSnapshot[]): string[] {
  const rows = jobs.map((s) => {
    const st = judgedStatistics(s);
    return [
      jobLabel(s),
      typeOf(s),
      s.status,
      n(st.deviceCount),
      `${isCapped(s) ? "<=" : ""}${n(st.succeededCount)}`,
      `${isCapped(s) ? ">=" : ""}${n(st.failedCount)}`,
      n(st.runningCount),
      n(st.pendingCount),
    ];
  });
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(columns), ...rows.map(line)];
}

/** One line per job while watching: `<job>  <status>  [bar]  done/total  counts`. */
export function renderProgressLine(s: JobSnapshot, idWidth: number, barWidth = 30): string {
  const st = judgedStatistics(s);
  const done = st.succeededCount + st.failedCount;
  return [
    jobLabel(s).padEnd(idWidth),
    s.status.padEnd(9),
    progressBar(st, barWidth),
    // Padded to its final width, so the counts after it do not shift as devices finish.
    `${n(done)}/${n(st.deviceCount)}`.padStart(2 * n(st.deviceCount).length + 1),
    `succeeded ${n(st.succeededCount)}, failed ${failedCount(s)}${answeredNote(s, "")}, running ${n(st.runningCount)}, pending ${n(st.pendingCount)}`,
  ].join("  ");
}

/** Failed devices of a job, judged: `2`, or `at least 1,001` past the query cap. */
function failedCount(s: JobSnapshot): string {
  return `${isCapped(s) ? "at least " : ""}${n(judgedStatistics(s).failedCount)}`;
}

/** ` (1 answered an error)`, when devices answered the method with an error status. */
function answeredNote(s: JobSnapshot, ofThem: string): string {
  const e = s.deviceErrors;
  if (!e || (e.count === 0 && !e.capped)) return "";
  return ` (${e.capped ? "at least " : ""}${n(e.count)}${ofThem} answered ${ofThem ? "the method with an error status" : "an error"}${e.capped ? "; counting stopped at the query cap" : ""})`;
}

/** Unreachable devices as the hub reports them; devices that answered an error as `pulumi up` names them. */
function failedDeviceLine(d: FailedDevice): string {
  if (d.methodStatus !== undefined) return `    ${describeDevice(d)}`;
  return `    ${d.deviceId}: ${d.errorCode ?? "unknown error"}${d.errorDescription ? ` (${d.errorDescription})` : ""}`;
}

/** One line per rule applied: `rule for a-1, b-2: fail if any device fails (no manifest)`. */
export function renderRules(jobs: readonly JobSnapshot[], shown = 5): string[] {
  const groups = new Map<string, string[]>();
  for (const s of jobs) {
    const text = describeJobRule(s.rule);
    groups.set(text, [...(groups.get(text) ?? []), s.jobId]);
  }
  return [...groups].map(([text, ids]) => {
    const more = ids.length > shown ? ` and ${n(ids.length - shown)} more` : "";
    return `rule for ${ids.slice(0, shown).join(", ")}${more}: ${text}`;
  });
}

/** Failed jobs and devices, the rules they were judged by, then one closing line that counts outcomes. */
export function renderSummary(jobs: readonly JobSnapshot[]): string[] {
  const lines: string[] = [];
  for (const s of jobs) {
    const st = judgedStatistics(s);
    const devicesFailed = st.failedCount > 0 || isCapped(s);
    // An ended job within its rule may still have failed devices: they are named too.
    if (s.outcome !== "failed" && !(devicesFailed && isSnapshotFinished(s))) continue;
    const head = devicesFailed ? `${failedCount(s)} of ${n(st.deviceCount)} devices failed${answeredNote(s, " of them")}` : s.problem === "cancelled" ? "the job was cancelled" : "the job failed";
    const within = s.outcome === "failed" ? "" : ` (within its rule: ${describeJobRule(s.rule)})`;
    lines.push(`${s.jobId} (${typeOf(s)}, ${s.status}): ${head}${s.failureReason ? `: ${s.failureReason}` : ""}${within}`);
    const shown = s.failedDevices ?? [];
    for (const d of shown) lines.push(failedDeviceLine(d));
    if ((st.failedCount > shown.length || isCapped(s)) && shown.length > 0) {
      lines.push(`    ... and ${isCapped(s) ? "at least " : ""}${n(st.failedCount - shown.length)} more (hubjobs status ${s.jobId} --max-failed N)`);
    }
  }
  if (jobs.length === 0) return ["no jobs on the hub"];
  lines.push(...renderRules(jobs));
  const count = (o: JobSnapshot["outcome"]): number => jobs.filter((s) => s.outcome === o).length;
  const parts = [`${count("succeeded")} succeeded`, `${count("failed")} failed`];
  if (count("cancelled") > 0) parts.push(`${count("cancelled")} cancelled`);
  if (count("unfinished") > 0) parts.push(`${count("unfinished")} unfinished`);
  const failedDevices = jobs.reduce((sum, s) => sum + judgedStatistics(s).failedCount, 0);
  const atLeast = jobs.some(isCapped) ? "at least " : "";
  lines.push(`${jobs.length} ${jobs.length === 1 ? "job" : "jobs"}: ${parts.join(", ")}; ${atLeast}${n(failedDevices)} failed ${failedDevices === 1 && !atLeast ? "device" : "devices"}`);
  return lines;
}

/** The `--json` document: failed devices as `status --json` has always named them, the rule with its wording. */
export function toJson(jobs: readonly JobSnapshot[], exitCode: number): string {
  const documented = jobs.map(({ failedDevices, rule, ...s }) => ({
    ...s,
    rule: { text: describeRule(rule), maxFailedPercent: rule.maxFailedPercent, cancelledFails: rule.cancelledFails, from: rule.from, ...(rule.manifest ? { manifest: rule.manifest } : {}), ...(rule.wave ? { wave: rule.wave } : {}) },
    ...(failedDevices ? { failedDevices: failedDevices.map(jsonDevice) } : {}),
  }));
  return JSON.stringify({ ok: exitCode === 0, jobs: documented }, null, 2);
}

function jsonDevice(d: FailedDevice) {
  return {
    deviceId: d.deviceId,
    status: d.status,
    error: d.methodStatus !== undefined ? `method returned ${d.methodStatus}` : (d.errorCode ?? "unknown error"),
    ...(d.errorDescription ? { description: d.errorDescription } : {}),
    ...(d.methodStatus !== undefined ? { methodStatus: d.methodStatus } : {}),
    ...(d.methodPayload !== undefined ? { methodPayload: d.methodPayload } : {}),
  };
}
