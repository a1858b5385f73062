// The job provider's behaviour. job-provider.ts (which Pulumi serializes into state) imports this
// module at run time and delegates every method here, so nothing heavy is ever serialized.
import type * as pulumi from "@pulumi/pulumi";
import type { IotHubClient } from "../iothub/client.ts";
import { createClient } from "../iothub/create-client.ts";
import { IotHubError } from "../iothub/errors.ts";
import { defaultSleep, type RetryPolicy } from "../iothub/retry.ts";
import { isActive, isFinished, type DeviceJobStatistics, type JobResponse } from "../iothub/types.ts";
import { truncate } from "../util/truncate.ts";
import { defaultDeviceErrorOptions, type DeviceErrorOptions, type DeviceErrors } from "./device-errors.ts";
import { findFailedDevices, type DeviceFindings } from "./failed-devices.ts";
import { checkJob } from "./job-check.ts";
import { diffJob } from "./job-diff.ts";
import { jobBodyDifferences } from "./job-body-match.ts";
import { judgeOutcome } from "./job-outcome.ts";
import type { HubAccessInputs, JobInputs, JobOutputs } from "./job-types.ts";
import { waitForJob } from "./job-wait.ts";
import { requestDigest } from "./request-digest.ts";

/** Seams for tests; the serialized provider always uses the defaults. */
export interface JobImplDeps {
  client?: (hub: HubAccessInputs, retry: RetryPolicy) => Promise<IotHubClient>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  log?: (line: string) => void;
  /** Overrides of the retry policy (tests shorten the delays). */
  retry?: Partial<RetryPolicy>;
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** Paging of the device-error count (tests shrink it to reach the cap). */
  deviceErrors?: Partial<Omit<DeviceErrorOptions, "keep">>;
}

/** How many failed devices the outputs name. */
export const failedDeviceCap = 10;

export class JobConflictError extends Error {
  readonly code = "JobConflict";
  constructor(message: string) {
    super(message);
    this.name = "JobConflictError";
  }
}

export function check(_olds: unknown, news: Partial<JobInputs>): pulumi.dynamic.CheckResult<JobInputs> {
  return checkJob(news);
}

export function diff(_id: string, olds: JobOutputs, news: JobInputs): pulumi.dynamic.DiffResult {
  return diffJob(olds, news);
}

/** Submits the job once: an existing job with this id is adopted when it is ours, refused when it is not. */
export async function create(inputs: JobInputs, deps: JobImplDeps = {}): Promise<{ id: string; outs: JobOutputs }> {
  const d = withDefaults(deps);
  const client = await clientFor(inputs, d);
  let adopted = false;
  // Look before submitting: an earlier attempt (lost response, lost state, a second run) may have landed.
  let job = await client.getJob(inputs.jobId);
  if (job) {
    ensureSameBody(inputs, job, client.hostName);
    adopted = true;
  } else {
    try {
      job = await client.createJob(inputs.jobId, inputs.request);
    } catch (e) {
      // A retried PUT whose first attempt landed, or a concurrent submitter.
      if (!(e instanceof IotHubError && e.status === 409)) throw describeFailure(inputs, e);
      const existing = await client.getJob(inputs.jobId);
      if (!existing) throw describeFailure(inputs, e);
      ensureSameBody(inputs, existing, client.hostName);
      job = existing;
      adopted = true;
    }
  }
  d.log(`${inputs.name}: ${adopted ? "adopted existing" : "submitted"} job ${inputs.jobId} (${job.status})`);

  let timedOut = false;
  if (inputs.completion.wait && !isFinished(job.status)) {
    ({ job, timedOut } = await waitForJob(client, job, {
      timeoutMs: inputs.completion.timeoutSeconds * 1000,
      initialIntervalMs: d.pollIntervalMs,
      maxIntervalMs: d.maxPollIntervalMs,
      sleep: d.sleep,
      now: d.now,
      log: (line) => d.log(`${inputs.name}: ${line}`),
    }));
  }
  const findings = await findFailedDevices(client, job, d.findOptions);
  const outs = toOutputs(inputs, job, findings, timedOut, new Date(d.now()).toISOString(), adopted);
  d.log(`${inputs.name}: ${outs.outcome.message}`);
  return { id: inputs.jobId, outs };
}

/** Refresh: status and statistics from the hub; a job the hub forgot stays as recorded. */
export async function read(id: string, props: JobOutputs | undefined, deps: JobImplDeps = {}): Promise<{ id: string; props: JobOutputs }> {
  // Without recorded props there is no hub address to ask (a bare `get` of a job is not supported).
  if (!props) throw new Error(`job ${id}: cannot be read without its recorded state (import is not supported)`);
  const d = withDefaults(deps);
  const client = await clientFor(props, d);
  const job = await client.getJob(id);
  if (!job) return { id, props };
  const findings = await findFailedDevices(client, job, d.findOptions, countedDeviceErrors(props));
  const timedOut = props.outcome?.problem === "timedOut" && !isFinished(job.status);
  return { id, props: { ...props, ...observed(props, job, findings, timedOut) } };
}

/** State only: description, labels, completion settings or credentials changed; nothing is sent to the hub. */
export async function update(_id: string, olds: JobOutputs, news: JobInputs): Promise<{ outs: JobOutputs }> {
  const { request, ...rest } = news;
  const recorded = recordedJob(olds);
  const outs: JobOutputs = { ...olds, ...rest, requestDigest: requestDigest(request) };
  const counted = countedDeviceErrors(olds);
  outs.outcome = judgeOutcome(news.name, recorded, news.completion, olds.failedDevices ?? [], olds.outcome?.problem === "timedOut", counted);
  return { outs };
}

/** Cancels a job that has not finished; a finished or forgotten job is only dropped from state. */
export async function remove(id: string, props: JobOutputs, deps: JobImplDeps = {}): Promise<void> {
  const d = withDefaults(deps);
  const client = await clientFor(props, d);
  const job = await client.getJob(id);
  if (!job || !isActive(job.status)) return;
  try {
    await client.cancelJob(id);
    d.log(`${props.name}: cancelled job ${id} (was ${job.status})`);
  } catch (e) {
    // Some hubs refuse to cancel a running job; it will still end by its maxExecutionTime.
    if (e instanceof IotHubError && (e.status === 405 || e.errorCode === "OperationNotAllowedInCurrentState")) {
      d.log(`${props.name}: job ${id} could not be cancelled (${e.errorCode}); it ends by its maxExecutionTime`);
      return;
    }
    throw describeFailure(props, e);
  }
}

function withDefaults(deps: JobImplDeps) {
  return {
    client: deps.client ?? ((hub: HubAccessInputs, retry: RetryPolicy) => createClient(hub, { retry, ...(retry.now ? { now: retry.now } : {}) })),
    sleep: deps.sleep ?? defaultSleep,
    now: deps.now ?? Date.now,
    log: deps.log ?? ((line: string) => console.log(line)),
    retry: deps.retry ?? {},
    pollIntervalMs: deps.pollIntervalMs ?? 1000,
    maxPollIntervalMs: deps.maxPollIntervalMs ?? 15_000,
    findOptions: { ...defaultDeviceErrorOptions, ...deps.deviceErrors, cap: failedDeviceCap },
  };
}

function clientFor(inputs: Pick<JobInputs, "hub" | "submitDeadlineSeconds" | "name">, d: ReturnType<typeof withDefaults>): Promise<IotHubClient> {
  const retry: RetryPolicy = {
    deadlineMs: (inputs.submitDeadlineSeconds ?? 1800) * 1000,
    initialDelayMs: 1000,
    maxDelayMs: 30_000,
    sleep: d.sleep,
    now: d.now,
    onRetry: ({ attempt, delayMs, error }) => d.log(`${inputs.name}: ${error.errorCode} from the hub, retry ${attempt} in ${Math.round(delayMs / 100) / 10}s`),
    ...d.retry,
  };
  return d.client(inputs.hub, retry);
}

function ensureSameBody(inputs: JobInputs, onHub: JobResponse, hostName: string): void {
  const differences = jobBodyDifferences(inputs.request, onHub);
  if (differences.length > 0) {
    throw new JobConflictError(
      `job ${inputs.name}: a job with id ${inputs.jobId} already exists on ${hostName} with a different body (differs in ${differences.join(", ")}); ` +
        `it was not submitted again. Rename the manifest (metadata.name) or remove that job from the hub.`,
    );
  }
}

function describeFailure(inputs: Pick<JobInputs, "name" | "jobId">, e: unknown): Error {
  if (e instanceof IotHubError) return e.withMessage(`job ${inputs.name} (${inputs.jobId}): ${e.describe()}`);
  return e instanceof Error ? e : new Error(String(e));
}

const emptyStatistics: DeviceJobStatistics = { deviceCount: 0, failedCount: 0, succeededCount: 0, runningCount: 0, pendingCount: 0 };

function observed(inputs: Pick<JobInputs, "name" | "completion">, job: JobResponse, findings: DeviceFindings, timedOut: boolean) {
  const { failedDevices, deviceErrors } = findings;
  return {
    type: job.type,
    status: job.status,
    deviceJobStatistics: { ...emptyStatistics, ...job.deviceJobStatistics },
    failedDevices,
    // Always present (null until counted, and for twin jobs): in a preview the engine reports an
    // output missing from state as unknown, which showed every unchanged job as changing.
    deviceErrorCount: deviceErrors ? deviceErrors.count : null,
    deviceErrorCountCapped: deviceErrors ? deviceErrors.capped : null,
    ...(job.createdTime ? { submittedAt: job.createdTime } : {}),
    ...(job.endTime ? { endTime: job.endTime } : {}),
    ...(job.failureReason ? { failureReason: truncate(job.failureReason, 500) } : {}),
    outcome: judgeOutcome(inputs.name, job, inputs.completion, failedDevices, timedOut, deviceErrors),
  };
}

function toOutputs(inputs: JobInputs, job: JobResponse, findings: DeviceFindings, timedOut: boolean, appliedAt: string, adopted: boolean): JobOutputs {
  const { request, ...rest } = inputs;
  return { ...rest, requestDigest: requestDigest(request), ...observed(inputs, job, findings, timedOut), appliedAt, adopted };
}

/** Device errors already counted for an ended job (recorded with the job's final rows), if any. */
function countedDeviceErrors(o: JobOutputs): DeviceErrors | undefined {
  if (o.deviceErrorCount === undefined || o.deviceErrorCount === null) return undefined;
  return { count: o.deviceErrorCount, capped: o.deviceErrorCountCapped ?? false, devices: (o.failedDevices ?? []).filter((f) => f.methodStatus !== undefined) };
}

/** The job as recorded in state, for re-judging without asking the hub. */
function recordedJob(o: JobOutputs): JobResponse {
  return {
    jobId: o.jobId,
    type: (o.type ?? "unknown") as JobResponse["type"],
    status: (o.status ?? "unknown") as JobResponse["status"],
    deviceJobStatistics: o.deviceJobStatistics,
    ...(o.failureReason ? { failureReason: o.failureReason } : {}),
  };
}
