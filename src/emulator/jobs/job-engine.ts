// The jobs v2 engine: creates, schedules, starts, cancels, lists and forgets jobs, and resumes
// unfinished ones after a restart. All time comes from host.clock; all state lives in the engine's
// own tables (job-store.ts).
import type { DatabaseSync } from "node:sqlite";
import type { TimerHandle } from "../clock.ts";
import { ServiceError } from "../service-error.ts";
import type { Query } from "../../query/index.ts";
import { queryDeviceJobs } from "./device-jobs-query.ts";
import { jobAlreadyExists, jobNotFound, operationNotAllowedInCurrentState, throttlingMaxActiveJobCountExceeded } from "./job-errors.ts";
import type { JobHost } from "./job-host.ts";
import { encodeContinuation, type JobListParams } from "./job-list-params.ts";
import { HISTORY_RETENTION_MS, MAX_ACTIVE_JOBS } from "./job-limits.ts";
import { emptyStatistics, type JobRecord } from "./job-model.ts";
import { JobRun } from "./job-run.ts";
import { JobStore } from "./job-store.ts";
import { validateJobRequest } from "./validate-job-request.ts";

export interface JobPage {
  jobs: JobRecord[];
  /** Present only when another page exists. */
  continuation: string | undefined;
}

const keyOf = (hub: string, jobId: string) => `${hub}\u0000${jobId}`;

export class JobEngineCore {
  readonly #host: JobHost;
  readonly #store: JobStore;
  readonly #startTimers = new Map<string, TimerHandle>();
  readonly #runs = new Map<string, JobRun>();

  constructor(host: JobHost, db: DatabaseSync) {
    this.#host = host;
    this.#store = new JobStore(db);
  }

  /** PUT /jobs/v2/{id}: validated, stored, and its start timer set before the caller answers. */
  createJob(hub: string, jobId: string, body: unknown): JobRecord {
    const now = this.#nowMs();
    this.#forgetExpired(now);
    const definition = validateJobRequest(jobId, body, new Date(now));
    if (this.#store.getJob(hub, jobId)) throw jobAlreadyExists(jobId);
    // A scheduled job holds its slot from creation, as on the service.
    const limit = MAX_ACTIVE_JOBS[this.#host.tierOf(hub)];
    if (this.#store.countActiveJobs(hub) >= limit) throw throttlingMaxActiveJobCountExceeded(limit);
    const requestedStart = definition.startTime === undefined ? undefined : Date.parse(definition.startTime);
    const scheduled = requestedStart !== undefined && requestedStart > now;
    const job = this.#store.insertJob(hub, definition, scheduled ? "scheduled" : "queued", now, scheduled ? requestedStart : undefined);
    this.#armStart(job, now);
    return job;
  }

  /** The job, or undefined when the hub does not know it (never created, or expired from history). */
  getJob(hub: string, jobId: string): JobRecord | undefined {
    this.#forgetExpired(this.#nowMs());
    return this.#store.getJob(hub, jobId);
  }

  /**
   * Queued and scheduled jobs can be cancelled. Running and finished jobs are refused with 405
   * OperationNotAllowedInCurrentState, as the service does ("Job cannot be cancelled in 'Running' status").
   */
  cancelJob(hub: string, jobId: string): JobRecord {
    const now = this.#nowMs();
    this.#forgetExpired(now);
    const job = this.#store.getJob(hub, jobId);
    if (!job) throw jobNotFound(jobId);
    if (job.status !== "queued" && job.status !== "scheduled") throw operationNotAllowedInCurrentState(job.status);
    const key = keyOf(hub, jobId);
    this.#startTimers.get(key)?.cancel();
    this.#startTimers.delete(key);
    job.status = "cancelled";
    job.endMs = now;
    this.#store.saveJob(job);
    return job;
  }

  listJobs(hub: string, params: JobListParams): JobPage {
    this.#forgetExpired(this.#nowMs());
    if (params.status === "none") return { jobs: [], continuation: undefined };
    const rows = this.#store.listJobs(hub, {
      ...(params.type !== undefined ? { type: params.type } : {}),
      ...(params.status !== undefined ? { status: params.status } : {}),
      afterSeq: params.afterSeq,
      limit: params.pageSize + 1,
    });
    const jobs = rows.slice(0, params.pageSize);
    const more = rows.length > params.pageSize;
    return { jobs, continuation: more ? encodeContinuation(jobs[jobs.length - 1]!.seq) : undefined };
  }

  /** `SELECT ... FROM devices.jobs [WHERE ...]` over this hub's per-device rows. */
  queryDeviceJobs(hub: string, query: Query): unknown[] {
    this.#forgetExpired(this.#nowMs());
    return queryDeviceJobs(this.#store, hub, query);
  }

  deleteHub(hub: string): void {
    for (const [key, run] of this.#runs) {
      if (run.job.hub !== hub) continue;
      run.stop({ write: false });
      this.#runs.delete(key);
    }
    for (const [key, timer] of this.#startTimers) {
      if (!key.startsWith(`${hub}\u0000`)) continue;
      timer.cancel();
      this.#startTimers.delete(key);
    }
    this.#store.deleteHub(hub);
  }

  /** After a restart: re-arm queued and scheduled jobs, continue running ones, or end them by their deadline. */
  resume(): void {
    const now = this.#nowMs();
    this.#forgetExpired(now);
    for (const job of this.#store.activeJobs()) {
      const key = keyOf(job.hub, job.definition.jobId);
      if (this.#runs.has(key) || this.#startTimers.has(key)) continue;
      if (job.status !== "running") {
        this.#armStart(job, now);
        continue;
      }
      this.#store.transaction(() => {
        const reset = this.#store.resetRunningRows(job, now);
        job.stats.runningCount -= reset;
        job.stats.pendingCount += reset;
        this.#store.saveJob(job);
      });
      this.#launch(job, this.#store.deviceIdsWithStatus(job, ["pending"]));
    }
  }

  /** Stops all work, writing progress so far; unfinished jobs continue on the next `resume()`. */
  close(): void {
    for (const run of this.#runs.values()) run.stop({ write: true });
    this.#runs.clear();
    for (const timer of this.#startTimers.values()) timer.cancel();
    this.#startTimers.clear();
  }

  #nowMs(): number {
    return this.#host.clock.now().getTime();
  }

  #armStart(job: JobRecord, now: number): void {
    const key = keyOf(job.hub, job.definition.jobId);
    const delay = job.status === "scheduled" && job.startMs !== undefined ? Math.max(0, job.startMs - now) : 0;
    // Even an immediate job starts on a timer, so the PUT is answered with the job still `queued`.
    this.#startTimers.set(key, this.#host.clock.setTimer(() => {
      this.#startTimers.delete(key);
      this.#startJob(job.hub, job.definition.jobId);
    }, delay));
  }

  /** Targets are the devices matching the condition now; a condition the hub cannot evaluate fails the job. */
  #startJob(hub: string, jobId: string): void {
    const job = this.#store.getJob(hub, jobId);
    if (!job || (job.status !== "queued" && job.status !== "scheduled")) return;
    const now = this.#nowMs();
    let targets: string[];
    try {
      targets = [...new Set(this.#host.matchDeviceIds(hub, job.definition.queryCondition))];
    } catch (e) {
      job.status = "failed";
      job.startMs = now;
      job.endMs = now;
      job.failureReason = e instanceof ServiceError ? `${e.errorCode}: ${e.message}` : `Could not evaluate queryCondition: ${String(e)}`;
      this.#store.saveJob(job);
      return;
    }
    job.status = "running";
    job.startMs = now;
    job.stats = { ...emptyStatistics(), deviceCount: targets.length, pendingCount: targets.length };
    this.#store.transaction(() => {
      this.#store.insertDeviceRows(job, targets, now);
      this.#store.saveJob(job);
    });
    this.#launch(job, targets);
  }

  /** Runs on a timer or at resume: a host failure here must end the job, never escape and stop the process. */
  #launch(job: JobRecord, targets: readonly string[]): void {
    const key = keyOf(job.hub, job.definition.jobId);
    try {
      const run = new JobRun({ host: this.#host, store: this.#store, onEnded: () => this.#runs.delete(key) }, job, targets);
      this.#runs.set(key, run);
      run.start();
    } catch (e) {
      this.#runs.get(key)?.stop({ write: false });
      this.#runs.delete(key);
      const now = this.#nowMs();
      job.status = "failed";
      job.endMs = now;
      const reason = `The job could not run: ${e instanceof Error ? e.message : String(e)}`;
      job.failureReason = reason;
      this.#store.failUnfinishedDevices(job, { code: "ServerError", description: reason }, now);
    }
  }

  /** Job history is kept 30 days after a job ends (on the host clock), then forgotten. */
  #forgetExpired(now: number): void {
    this.#store.deleteJobsEndedBefore(now - HISTORY_RETENTION_MS);
  }
}
