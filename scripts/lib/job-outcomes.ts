// `npm start`'s summary: one line per job of the stack, as the hub has it NOW, judged by the verdict
// `pulumi up` uses (src/jobs: the manifest's maxFailedPercent, devices that answered an error count
// as failed). The stack's `jobs` output names the jobs and their rules; it is only what `pulumi up`
// recorded when it applied them (a job that does not wait is recorded as queued and ends later), so
// a line comes from the stack's record only when the hub cannot say, and then says so.
import { createClient, isFinished, type DeviceJobStatistics, type IotHubClient, type JobResponse } from "../../src/iothub/index.ts";
import {
  defaultDeviceErrorOptions,
  findFailedDevices,
  judgedStatistics,
  judgeJob,
  manifestRule,
  nameDevice,
  type DeviceErrorCount,
  type FailedDevice,
  type VerdictOutcome,
} from "../../src/jobs/index.ts";

/** One job of the stack's `jobs` output. */
export type JobOutput = {
  jobId?: string;
  type?: string;
  status?: string;
  statistics?: Partial<DeviceJobStatistics>;
  failedDevices?: FailedDevice[];
  /** Method jobs: devices that answered with an error status; the hub counts them as succeeded, the verdict as failed. */
  deviceErrorCount?: number | null;
  /** The manifest's completion rule (stacks applied before it was an output lack it: the default, 0%, applies). */
  completion?: { maxFailedPercent?: number };
  /** A rollout's waves, each its own job, with the verdict of its gate ("passed" or why not). */
  waves?: WaveOutput[];
};

export type WaveOutput = { name: string; jobId: string; status?: string; deviceJobStatistics?: Partial<DeviceJobStatistics>; gate?: string };

/** The stack outputs the summary reads (`pulumi stack output --json --show-secrets`). */
export interface SummaryOutputs {
  hubConnectionString?: string;
  hubEndpoint?: string;
  jobs?: Record<string, JobOutput>;
}

/** One job as the summary shows it. */
export interface JobLine {
  name: string;
  jobId: string;
  /** `hub`: read from the hub just now; `stack`: the stack's record, because the hub could not say. */
  from: "hub" | "stack";
  status: string;
  statistics: DeviceJobStatistics;
  deviceErrors: DeviceErrorCount | undefined;
  failedDevices: FailedDevice[];
  outcome: VerdictOutcome;
  /** Why the line comes from the stack's record. */
  note?: string;
}

const noStatistics: DeviceJobStatistics = { deviceCount: 0, failedCount: 0, succeededCount: 0, runningCount: 0, pendingCount: 0 };
/** Failed devices named per line. */
const namedDevices = 3;

/**
 * Each job's line: live from the hub when it knows the job, else from the stack's record. Without a
 * client (the hub could not be asked), every line is the stack's record, with `why` as its note.
 */
export async function jobLines(jobs: Record<string, JobOutput>, client: Pick<IotHubClient, "getJob" | "queryDevices" | "queryDevicesPage"> | undefined, why = "the hub does not know this job"): Promise<JobLine[]> {
  const lines: JobLine[] = [];
  // One job at a time: device queries are scarce on a hub (20 a minute on S1/S2).
  for (const name of Object.keys(jobs).sort()) {
    const recorded = jobs[name] ?? {};
    if (recorded.waves?.length) {
      lines.push(await rolloutLine(client, name, recorded, recorded.waves, why));
      continue;
    }
    const live = client && recorded.jobId ? await client.getJob(recorded.jobId) : undefined;
    if (client && live) lines.push(await liveLine(client, name, recorded, live));
    else lines.push(recordedLine(name, recorded, why));
  }
  return lines;
}

async function liveLine(client: Pick<IotHubClient, "queryDevices" | "queryDevicesPage">, name: string, recorded: JobOutput, job: JobResponse): Promise<JobLine> {
  const statistics = { ...noStatistics, ...job.deviceJobStatistics };
  const findings = await findFailedDevices(client, job, { ...defaultDeviceErrorOptions, cap: namedDevices });
  const { outcome } = judgeJob(job.status, statistics, ruleOf(recorded), findings.deviceErrors);
  return { name, jobId: job.jobId, from: "hub", status: job.status, statistics, deviceErrors: findings.deviceErrors, failedDevices: findings.failedDevices, outcome };
}

function recordedLine(name: string, recorded: JobOutput, note: string): JobLine {
  const statistics = { ...noStatistics, ...recorded.statistics };
  const deviceErrors = typeof recorded.deviceErrorCount === "number" ? { count: recorded.deviceErrorCount, capped: false } : undefined;
  const status = recorded.status ?? "unknown";
  const { outcome } = judgeJob(status, statistics, ruleOf(recorded), deviceErrors);
  return { name, jobId: recorded.jobId ?? "?", from: "stack", status, statistics, deviceErrors, failedDevices: recorded.failedDevices ?? [], outcome, note };
}

/**
 * A rollout: its waves' jobs as the hub has them (counts summed, the status of the last wave that
 * ran). Its verdict is its gates', which `pulumi up` applied wave by wave (each wave ended before the
 * next began), so a gate that did not pass fails it.
 */
async function rolloutLine(client: Pick<IotHubClient, "getJob"> | undefined, name: string, recorded: JobOutput, waves: readonly WaveOutput[], why: string): Promise<JobLine> {
  const statistics = { ...noStatistics };
  let status = "unknown";
  let known = 0;
  for (const wave of waves) {
    const live = client ? await client.getJob(wave.jobId) : undefined;
    if (live) known++;
    const s = { ...noStatistics, ...(live?.deviceJobStatistics ?? wave.deviceJobStatistics) };
    for (const key of Object.keys(statistics) as (keyof DeviceJobStatistics)[]) statistics[key] += s[key];
    status = live?.status ?? wave.status ?? status;
  }
  const gateFailed = waves.some((w) => w.gate !== undefined && w.gate !== "passed");
  const outcome: VerdictOutcome = gateFailed || status === "failed" ? "failed" : !isFinished(status) ? "unfinished" : status === "completed" ? "succeeded" : "failed";
  const line: JobLine = { name, jobId: `rollout: ${waves.map((w) => w.name).join(", ")}`, from: known === waves.length ? "hub" : "stack", status, statistics, deviceErrors: undefined, failedDevices: recorded.failedDevices ?? [], outcome };
  return known === waves.length ? line : { ...line, note: client ? "the hub does not know every wave's job" : why };
}

function ruleOf(recorded: JobOutput) {
  return manifestRule(recorded.completion?.maxFailedPercent ?? 0);
}

export function formatJobLines(lines: readonly JobLine[]): string {
  if (lines.length === 0) return "  (no jobs)";
  const width = Math.max(...lines.map((l) => l.name.length));
  return lines
    .map((l) => {
      const s = judgedStatistics(l.statistics, l.deviceErrors);
      const answered = l.deviceErrors?.count ? ` (${l.deviceErrors.count} answered an error)` : "";
      const counts = `${s.succeededCount}/${s.deviceCount} succeeded, ${s.failedCount} failed${answered}, ${s.runningCount + s.pendingCount} pending`;
      const failed = l.failedDevices.slice(0, namedDevices).map(nameDevice).join(", ");
      const source = l.from === "stack" ? `  (the stack's record from \`pulumi up\`: ${l.note})` : "";
      return `  ${l.name.padEnd(width)}  ${l.status.padEnd(10)} ${l.outcome.padEnd(10)} ${counts}${failed ? `; failed: ${failed}` : ""}  [${l.jobId}]${source}`;
    })
    .join("\n");
}

/** A hint for jobs that have not ended yet, or undefined when every job has. */
export function unfinishedNote(lines: readonly JobLine[]): string | undefined {
  const unfinished = lines.filter((l) => !isFinished(l.status)).map((l) => `${l.name} (${l.status})`);
  if (unfinished.length === 0) return undefined;
  return `Not ended yet: ${unfinished.join(", ")}. Follow live: npx hubjobs status --watch`;
}

/** The whole summary, from the stack's outputs: the hub they name is asked for every job's state. */
export async function jobSummary(outputs: SummaryOutputs): Promise<string> {
  const jobs = outputs.jobs ?? {};
  let client: IotHubClient | undefined;
  let unreachable: string | undefined;
  let lines: JobLine[];
  const where = outputs.hubEndpoint ?? "the stack's hub";
  try {
    if (!outputs.hubConnectionString) throw new Error("the stack has no hubConnectionString output");
    // A person is waiting: a hub that does not answer within seconds is reported, not retried for minutes.
    client = await createClient({ connectionString: outputs.hubConnectionString, ...(outputs.hubEndpoint ? { endpoint: outputs.hubEndpoint } : {}) }, { retry: { deadlineMs: 5000 } });
    lines = await jobLines(jobs, client);
  } catch (e) {
    unreachable = `the hub at ${where} could not be asked (${(e as Error).message.split("\n")[0]})`;
    lines = await jobLines(jobs, undefined, "the hub could not be asked");
  }
  const head = unreachable
    ? `Jobs as \`pulumi up\` recorded them (${unreachable}):`
    : `Jobs on the hub at ${where} now, judged as \`pulumi up\` judges them (each manifest's completion.maxFailedPercent):`;
  const note = unfinishedNote(lines);
  return [head, formatJobLines(lines), ...(note ? [note] : [])].join("\n");
}
