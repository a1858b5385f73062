// What the hub already holds for one manifest name, read before a job is submitted, so that a job
// never overlaps the one it replaces and a stack whose state was lost adopts what already ran.
//
// A manifest name's jobs are its "family": ids of the shape `<name>-<8 hex digits>`
// (src/manifest/job-id.ts). The hub keeps job history for 30 days, so the family is bounded; the
// listing is paged and capped all the same.
import type { IotHubClient } from "../iothub/client.ts";
import { IotHubError } from "../iothub/errors.ts";
import { isFinished, type JobResponse } from "../iothub/types.ts";
import { isJobOfName, lineageJobId } from "../manifest/job-id.ts";
import { jobBodyDifferences } from "./job-body-match.ts";
import type { HubAccessInputs, JobInputs } from "./job-types.ts";
import { waitForJob, type WaitOptions } from "./job-wait.ts";

/** Jobs of the hub's list read at most (20 pages of 100). */
const FAMILY_LIST_CAP = 2000;

export class PredecessorStillRunningError extends Error {
  readonly code = "PredecessorStillRunning";
  constructor(message: string) {
    super(message);
    this.name = "PredecessorStillRunningError";
  }
}

/**
 * The hub's job list, read once per provider process (one `pulumi up`) and hub, not once per job: a
 * first `up` of 200 manifests would list every job of the hub 200 times, and job operations are
 * 1.67/s on S1. Jobs this process submits are added as it submits them (`recordSubmitted`), so later
 * decisions of the same run see them; each job is re-read (GET) before anything waits for it.
 */
const listings = new Map<string, Promise<JobResponse[]>>();

const hubKey = (hub: HubAccessInputs): string => `${hub.hostName} ${hub.endpoint ?? ""}`;

/** The family's jobs on the hub, newest first. */
export async function familyJobs(client: IotHubClient, hub: HubAccessInputs, name: string): Promise<JobResponse[]> {
  const key = hubKey(hub);
  let listing = listings.get(key);
  if (!listing) {
    listing = client.listJobs({}, { limit: FAMILY_LIST_CAP });
    listings.set(key, listing);
    // A failed read is not kept: the next job asks again.
    listing.catch(() => listings.delete(key));
  }
  const jobs = await listing;
  return jobs.filter((j) => isJobOfName(name, j.jobId)).sort((a, b) => String(b.createdTime ?? "").localeCompare(String(a.createdTime ?? "")));
}

/** A job this process just submitted joins the hub's job list as read (see `listings`). */
export function recordSubmitted(hub: HubAccessInputs, job: JobResponse): void {
  const key = hubKey(hub);
  const listing = listings.get(key);
  if (listing) listings.set(key, listing.then((jobs) => [...jobs.filter((j) => j.jobId !== job.jobId), job]));
}

export function doesSameWork(inputs: Pick<JobInputs, "request">, onHub: JobResponse): boolean {
  return jobBodyDifferences(inputs.request, onHub).length === 0;
}

export type FirstSubmission = { adopt: JobResponse; jobId?: undefined } | { adopt?: undefined; jobId: string };

/**
 * A job new to this stack's state, with no removal on record (a new manifest, or lost state): the
 * newest job of its family, when it does the same work, is what this stack applied before: adopt it.
 * When the family's newest job does other work but the first-revision id already ran, the manifest
 * went back to earlier content: a new id chained to the newest job runs it again.
 */
export function firstSubmission(inputs: Pick<JobInputs, "name" | "jobId" | "request">, family: readonly JobResponse[]): FirstSubmission {
  const newest = family[0];
  if (!newest) return { jobId: inputs.jobId };
  if (doesSameWork(inputs, newest)) return { adopt: newest };
  if (family.some((j) => j.jobId === inputs.jobId)) return { jobId: lineageJobId(inputs.name, inputs.request, newest.jobId) };
  return { jobId: inputs.jobId };
}

export interface EndOptions extends Omit<WaitOptions, "timeoutMs"> {
  log: (line: string) => void;
}

/**
 * Makes sure no earlier job of this manifest acts on devices when the new one starts: the superseded
 * job is cancelled when it has not started (IoT Hub cannot cancel a running job: 405), and every
 * running or queued job of the family is waited for, within the new job's completion timeout.
 * Past it, nothing is submitted: the error names the job still running and its counts.
 */
export async function endEarlierJobs(client: IotHubClient, inputs: Pick<JobInputs, "name" | "jobId" | "supersedes" | "completion">, family: readonly JobResponse[] | undefined, options: EndOptions): Promise<void> {
  const deadline = options.now() + inputs.completion.timeoutSeconds * 1000;
  const ids = new Set(family?.filter((j) => !isFinished(j.status) && j.status !== "scheduled").map((j) => j.jobId));
  if (inputs.supersedes) ids.add(inputs.supersedes);
  ids.delete(inputs.jobId);
  for (const id of ids) {
    let job = await client.getJob(id);
    if (!job || isFinished(job.status)) continue;
    if (id === inputs.supersedes && (job.status === "scheduled" || job.status === "queued" || job.status === "enqueued")) {
      job = await cancelIfPossible(client, job, options.log, inputs.name);
      if (isFinished(job.status)) continue;
    }
    if (job.status === "scheduled") continue; // another stack's job for later: it does not run now
    options.log(`${inputs.name}: ${inputs.jobId} starts after ${describeJob(job)} ends (a running job cannot be cancelled); waiting`);
    const waited = await waitForJob(client, job, { ...options, timeoutMs: Math.max(0, deadline - options.now()), log: (line) => options.log(`${inputs.name}: waiting for ${line}`) });
    if (waited.timedOut) {
      throw new PredecessorStillRunningError(
        `job ${inputs.name}: ${describeJob(waited.job)} is still running after ${inputs.completion.timeoutSeconds}s (completion.timeout); ` +
          `${inputs.jobId} was not submitted, so the two never act on the same devices at once. Run pulumi up again once it has ended (by its maxExecutionTime at the latest).`,
      );
    }
  }
}

async function cancelIfPossible(client: IotHubClient, job: JobResponse, log: (line: string) => void, name: string): Promise<JobResponse> {
  try {
    const cancelled = await client.cancelJob(job.jobId);
    log(`${name}: cancelled ${job.jobId} (was ${job.status}), which this job replaces`);
    return cancelled;
  } catch (e) {
    // It started between our GET and the cancel: wait for it instead.
    if (e instanceof IotHubError && (e.status === 405 || e.errorCode === "OperationNotAllowedInCurrentState")) return (await client.getJob(job.jobId)) ?? job;
    throw e;
  }
}

/** `lock-doors-1a2b3c4d (running, 812/12,408 devices done)`. */
export function describeJob(job: JobResponse): string {
  const s = job.deviceJobStatistics;
  if (!s) return `${job.jobId} (${job.status})`;
  const done = s.succeededCount + s.failedCount;
  return `${job.jobId} (${job.status}, ${done.toLocaleString("en-US")}/${s.deviceCount.toLocaleString("en-US")} devices done)`;
}
