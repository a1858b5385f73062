// The job provider's behaviour. job-provider.ts (which Pulumi serializes into state) imports this
// module at run time and delegates every method here, so nothing heavy is ever serialized.
import type * as pulumi from "@pulumi/pulumi";
import type { IotHubClient } from "../iothub/client.ts";
import { createClient } from "../iothub/create-client.ts";
import { IotHubError } from "../iothub/errors.ts";
import { defaultSleep, type RetryPolicy } from "../iothub/retry.ts";
import { isActive, isFinished, type DeviceJobStatistics, type JobResponse } from "../iothub/types.ts";
import { truncate } from "../util/truncate.ts";
import { defaultDeviceErrorOptions, findFailedDevices, judgeOutcome, type DeviceErrorOptions, type DeviceErrors, type DeviceFindings } from "../jobs/index.ts";
import { checkJob } from "./job-check.ts";
import { diffJob } from "./job-diff.ts";
import { jobBodyDifferences } from "./job-body-match.ts";
import type { HubAccessInputs, JobInputs, JobOutputs } from "./job-types.ts";
import { describeJob, endEarlierJobs, familyJobs, firstSubmission, recordSubmitted } from "./job-history.ts";
import { completionWait, waitForJob } from "./job-wait.ts";
import { runRollout, waveJobId } from "./rollout-run.ts";
import { requestDigest } from "./request-digest.ts";
import { exitWithParent, isDynamicProviderProcess } from "../util/exit-with-parent.ts";

// Loaded in the engine's dynamic-provider process: end it with the engine (src/util/exit-with-parent.ts).
if (isDynamicProviderProcess()) exitWithParent();

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
  /** How often a rollout's verify gate counts devices (tests shorten it). */
  verifyIntervalMs?: number;
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

export function check(olds: Partial<JobInputs> | undefined, news: Partial<JobInputs>): pulumi.dynamic.CheckResult<JobInputs> {
  return checkJob(olds, news);
}

export function diff(_id: string, olds: JobOutputs, news: JobInputs): pulumi.dynamic.DiffResult {
  return diffJob(olds, news);
}

/**
 * Submits the job once. Before anything is sent: a job already on the hub under this id is adopted
 * when it does the same work (a lost response, a retried `up`) and refused when it does not; a
 * resource new to state looks at its family on the hub (src/provider/job-history.ts) to adopt what
 * a lost state applied; and no earlier job of the manifest may still be acting on devices.
 */
export async function create(inputs: JobInputs, deps: JobImplDeps = {}): Promise<{ id: string; outs: JobOutputs }> {
  const d = withDefaults(deps);
  const client = await clientFor(inputs, d);
  if (inputs.rollout) return createRollout(client, inputs, d);
  // Only a resource new to state needs the hub's history: one with a recorded job knows its predecessor.
  const family = inputs.priorJobId === undefined ? await familyJobs(client, inputs.hub, inputs.name) : undefined;
  let target: JobInputs = inputs;
  let job: JobResponse | undefined;
  // A re-added manifest runs again; anything else new to state may be what a lost state applied.
  if (family && inputs.retiredJobId === undefined) {
    const first = firstSubmission(inputs, family);
    if (first.adopt) job = first.adopt;
    else if (first.jobId !== inputs.jobId) target = { ...inputs, jobId: first.jobId, request: { ...inputs.request, jobId: first.jobId } };
  }
  job ??= await client.getJob(target.jobId);
  let adopted = job !== undefined;
  if (job) {
    ensureSameBody(target, job, client.hostName);
  } else {
    await endEarlierJobs(client, target, family, endOptions(d));
    try {
      job = await client.createJob(target.jobId, target.request);
      recordSubmitted(inputs.hub, job);
    } catch (e) {
      // A retried PUT whose first attempt landed, or a concurrent submitter.
      if (!(e instanceof IotHubError && e.status === 409)) throw describeFailure(target, e);
      const existing = await client.getJob(target.jobId);
      if (!existing) throw describeFailure(target, e);
      ensureSameBody(target, existing, client.hostName);
      job = existing;
      adopted = true;
    }
  }
  d.log(`${inputs.name}: ${adopted ? "adopted existing" : "submitted"} job ${job.jobId} (${job.status})`);

  let timedOut = false;
  if (inputs.completion.wait && !isFinished(job.status)) {
    ({ job, timedOut } = await waitForJob(client, job, completionWait(inputs, d, inputs.name)));
  }
  const findings = await findFailedDevices(client, job, d.findOptions);
  const outs = toOutputs({ ...inputs, jobId: job.jobId }, job, findings, timedOut, new Date(d.now()).toISOString(), adopted);
  d.log(`${inputs.name}: ${outs.outcome.message}`);
  return { id: job.jobId, outs };
}

/** A staged rollout: its waves, after every earlier job of the manifest has ended (src/provider/rollout-run.ts). */
async function createRollout(client: IotHubClient, inputs: JobInputs, d: ReturnType<typeof withDefaults>): Promise<{ id: string; outs: JobOutputs }> {
  const rollout = inputs.rollout!;
  const own = new Set(rollout.waves.map((w, i) => waveJobId(inputs, i, w)));
  // A resumed rollout (its first wave on the hub already) has nothing earlier to wait for.
  if (!(await client.getJob(waveJobId(inputs, 0, rollout.waves[0]!)))) {
    const family = inputs.priorJobId === undefined ? (await familyJobs(client, inputs.hub, inputs.name)).filter((j) => !own.has(j.jobId)) : undefined;
    await endEarlierJobs(client, inputs, family, endOptions(d));
  }
  const result = await runRollout(client, inputs, d);
  d.log(`${inputs.name}: ${result.outcome.message}`);
  const { request, ...rest } = inputs;
  const outs: JobOutputs = {
    ...rest,
    requestDigest: requestDigest(request),
    type: request.type,
    status: result.outcome.ok ? "completed" : "stopped",
    deviceJobStatistics: result.statistics,
    failedDevices: result.failedDevices,
    deviceErrorCount: null,
    deviceErrorCountCapped: null,
    appliedAt: new Date(d.now()).toISOString(),
    adopted: result.adopted,
    outcome: result.outcome,
    waves: result.waves,
  };
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
  // The recorded job id stays: it is the job on the hub (an adopted one may differ from the input's).
  const outs: JobOutputs = { ...olds, ...rest, jobId: olds.jobId, requestDigest: requestDigest(request) };
  // A rollout's verdict is its gates', decided wave by wave as it ran.
  if (olds.waves) return { outs };
  const counted = countedDeviceErrors(olds);
  // Re-judged as recorded, without asking the hub.
  outs.outcome = judgeOutcome(news.name, olds, news.completion, olds.failedDevices ?? [], olds.outcome?.problem === "timedOut", counted);
  return { outs };
}

/**
 * Removal: a job that has not started is cancelled; a running one cannot be (IoT Hub answers 405),
 * so it runs to its end and the stack forgets it, saying so; a finished or forgotten job is only dropped.
 */
export async function remove(id: string, props: JobOutputs, deps: JobImplDeps = {}): Promise<void> {
  const d = withDefaults(deps);
  const client = await clientFor(props, d);
  // A rollout is its waves' jobs.
  for (const jobId of props.waves ? props.waves.map((w) => w.jobId) : [id]) await retireJob(client, jobId, props, d);
}

async function retireJob(client: IotHubClient, id: string, props: JobOutputs, d: ReturnType<typeof withDefaults>): Promise<void> {
  const job = await client.getJob(id);
  if (!job || !isActive(job.status)) return;
  if (job.status === "running") {
    d.log(`${props.name}: job ${describeJob(job)} cannot be cancelled while it runs; it keeps running to its end (at most its maxExecutionTime) and the stack forgets it`);
    return;
  }
  try {
    await client.cancelJob(id);
    d.log(`${props.name}: cancelled job ${id} (was ${job.status})`);
  } catch (e) {
    // It started between the GET and the cancel.
    if (e instanceof IotHubError && (e.status === 405 || e.errorCode === "OperationNotAllowedInCurrentState")) {
      d.log(`${props.name}: job ${id} started before it could be cancelled; it keeps running to its end (at most its maxExecutionTime) and the stack forgets it`);
      return;
    }
    throw describeFailure(props, e);
  }
}

/** How `create` waits for the jobs a new one must not overlap: polled as its own job is. */
function endOptions(d: ReturnType<typeof withDefaults>) {
  return { sleep: d.sleep, now: d.now, initialIntervalMs: d.pollIntervalMs, maxIntervalMs: d.maxPollIntervalMs, log: d.log };
}

function withDefaults(deps: JobImplDeps) {
  return {
    client: deps.client ?? ((hub: HubAccessInputs, retry: RetryPolicy) => createClient(hub, { retry, ...(retry.now ? { now: retry.now } : {}) })),
    sleep: deps.sleep ?? defaultSleep,
    now: deps.now ?? Date.now,
    log: deps.log ?? ((line: string) => console.log(line)),
    retry: deps.retry ?? {},
    pollIntervalMs: deps.pollIntervalMs ?? 1000,
    verifyIntervalMs: deps.verifyIntervalMs,
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
