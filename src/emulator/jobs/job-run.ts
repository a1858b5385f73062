// One running job: works through its targeted devices, keeps the statistics exact, enforces
// maxExecutionTimeInSeconds, and writes progress to the store in batches. Device rows and the
// job's statistics are always committed together, so a reader never sees them disagree.
import type { TimerHandle } from "../clock.ts";
import { ServiceError } from "../service-error.ts";
import { paceFor, type Pace } from "./device-pacer.ts";
import type { JobHost } from "./job-host.ts";
import type { JobRecord } from "./job-model.ts";
import type { DeviceRowUpdate, JobStore } from "./job-store.ts";

/** Method invocations in flight at once per job; the service also fans out in bounded waves. */
export const METHOD_CONCURRENCY = 100;

/** The `error.code` written on device rows still unfinished when the job's time runs out. */
export const TIMED_OUT_CODE = "JobMaxExecutionTimeExceeded";

export interface RunContext {
  host: JobHost;
  store: JobStore;
  /** Called once when the job has reached a final status. */
  onEnded(job: JobRecord): void;
}

export class JobRun {
  readonly job: JobRecord;
  readonly #ctx: RunContext;
  readonly #targets: readonly string[];
  readonly #pace: Pace;
  #next = 0;
  #inFlight = 0;
  #stopped = false;
  #buffer: DeviceRowUpdate[] = [];
  #kickQueued = false;
  #stepTimer: TimerHandle | undefined;
  #nextStepAt: number | undefined;
  #deadlineTimer: TimerHandle | undefined;

  /** `targets` are the devices still to do, in order (all of them for a fresh start). */
  constructor(ctx: RunContext, job: JobRecord, targets: readonly string[]) {
    this.#ctx = ctx;
    this.job = job;
    this.#targets = targets;
    this.#pace = paceFor(ctx.host.deviceOpsPerSecond(job.hub));
  }

  get deadlineMs(): number {
    return (this.job.startMs ?? this.job.createdMs) + this.job.definition.maxExecutionTimeInSeconds * 1000;
  }

  start(): void {
    const remaining = this.deadlineMs - this.#nowMs();
    if (remaining <= 0) {
      this.#expire();
      return;
    }
    this.#deadlineTimer = this.#ctx.host.clock.setTimer(() => this.#expire(), remaining);
    this.#scheduleStep(0);
  }

  /** Stops working without ending the job (shutdown): progress so far is written, the rest resumes later. */
  stop(options: { write: boolean }): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#cancelTimers();
    if (options.write && this.#buffer.length > 0) this.#flush();
  }

  #nowMs(): number {
    return this.#ctx.host.clock.now().getTime();
  }

  #scheduleStep(intervalMs: number): void {
    // Steps are due on a fixed grid from the first one, so timer lateness does not lower the rate.
    const now = this.#nowMs();
    this.#nextStepAt = this.#nextStepAt === undefined ? now : this.#nextStepAt + intervalMs;
    const delayMs = Math.max(0, this.#nextStepAt - now);
    this.#stepTimer = this.#ctx.host.clock.setTimer(() => {
      this.#stepTimer = undefined;
      if (this.#stopped) return;
      if (this.job.definition.type === "scheduleUpdateTwin") this.#twinStep();
      else this.#methodStep();
    }, delayMs);
  }

  // Twin updates are synchronous on the host: a whole batch, its rows and the statistics go in one transaction.
  #twinStep(): void {
    const { host, store } = this.#ctx;
    const { hub } = this.job;
    const twin = this.job.definition.updateTwin!;
    const patch = { ...(twin.tags ? { tags: twin.tags } : {}), ...(twin.properties ? { properties: twin.properties } : {}) };
    const stats = this.job.stats;
    const now = this.#nowMs();
    const end = Math.min(this.#targets.length, this.#next + this.#pace.batch);
    store.transaction(() => {
      for (; this.#next < end; this.#next++) {
        const deviceId = this.#targets[this.#next]!;
        stats.pendingCount--;
        try {
          host.patchTwin(hub, deviceId, patch);
          stats.succeededCount++;
          this.#buffer.push({ deviceId, status: "completed", startMs: now, endMs: now });
        } catch (e) {
          stats.failedCount++;
          this.#buffer.push({ deviceId, status: "failed", startMs: now, endMs: now, error: errorOf(e) });
        }
      }
      if (!this.#finishIfDone()) this.#flush();
    });
    if (!this.#stopped) this.#scheduleStep(this.#pace.intervalMs);
  }

  // Method calls are asynchronous: start up to the pace's batch within the concurrency bound.
  #methodStep(): void {
    this.#startMethods(this.#pace.batch);
    if (!this.#finishIfDone()) {
      this.#flush();
      // In realistic mode the clock paces starts; without limits completions pull the next devices.
      if (this.#pace.intervalMs > 0 && this.#next < this.#targets.length) this.#scheduleStep(this.#pace.intervalMs);
    }
  }

  #startMethods(budget: number): void {
    const { host } = this.#ctx;
    const { hub } = this.job;
    const method = this.job.definition.cloudToDeviceMethod!;
    const now = this.#nowMs();
    const stats = this.job.stats;
    let started = 0;
    while (started < budget && this.#inFlight < METHOD_CONCURRENCY && this.#next < this.#targets.length) {
      const deviceId = this.#targets[this.#next++]!;
      started++;
      this.#inFlight++;
      stats.pendingCount--;
      stats.runningCount++;
      this.#buffer.push({ deviceId, status: "running", startMs: now });
      let call: Promise<{ status: number; payload: unknown }>;
      try {
        call = host.invokeMethod(hub, deviceId, method);
      } catch (e) {
        call = Promise.reject(e);
      }
      call.then(
        (response) => this.#methodSettled(deviceId, response, undefined),
        (error: unknown) => this.#methodSettled(deviceId, undefined, error),
      );
    }
  }

  /**
   * A device that answered is `completed` whatever status its method returned: the service records the
   * device's answer in outcome.deviceMethodResponse and counts the device as succeeded. Only a device that
   * could not be reached or did not answer in time (DeviceNotOnline, timeout, not found) is `failed`.
   */
  #methodSettled(deviceId: string, response: { status: number; payload: unknown } | undefined, error: unknown): void {
    if (this.#stopped) return;
    const stats = this.job.stats;
    const now = this.#nowMs();
    this.#inFlight--;
    stats.runningCount--;
    if (response) {
      stats.succeededCount++;
      this.#buffer.push({ deviceId, status: "completed", endMs: now, methodResponse: { status: response.status, payload: response.payload } });
    } else {
      stats.failedCount++;
      this.#buffer.push({ deviceId, status: "failed", endMs: now, error: errorOf(error) });
    }
    this.#kick();
  }

  /** Coalesces the completions of one turn into one commit (and, without limits, one wave of new starts). */
  #kick(): void {
    if (this.#kickQueued) return;
    this.#kickQueued = true;
    queueMicrotask(() => {
      this.#kickQueued = false;
      if (this.#stopped) return;
      if (this.#pace.intervalMs === 0) this.#startMethods(this.#pace.batch);
      if (!this.#finishIfDone()) this.#flush();
    });
  }

  #flush(): void {
    const updates = this.#buffer;
    this.#buffer = [];
    this.#ctx.store.commitProgress(this.job, updates, this.#nowMs());
  }

  /** Ends the job as `completed` once every device is done, committing the last updates with it. */
  #finishIfDone(): boolean {
    if (this.#stopped || this.#next < this.#targets.length || this.#inFlight > 0) return false;
    this.job.status = "completed";
    this.job.endMs = this.#nowMs();
    this.#end();
    return true;
  }

  /** maxExecutionTimeInSeconds reached: every device not done fails, and the job ends as `failed`. */
  #expire(): void {
    if (this.#stopped) return;
    const end = Math.min(this.#nowMs(), this.deadlineMs);
    const { store } = this.#ctx;
    const stats = this.job.stats;
    const description = `The job reached its maxExecutionTimeInSeconds (${this.job.definition.maxExecutionTimeInSeconds} s) before this device was done.`;
    this.job.status = "failed";
    this.job.endMs = end;
    this.job.failureReason = `The job did not finish within maxExecutionTimeInSeconds (${this.job.definition.maxExecutionTimeInSeconds} s); ${stats.pendingCount + stats.runningCount} device(s) were not done.`;
    store.transaction(() => {
      const updates = this.#buffer;
      this.#buffer = [];
      store.commitProgress(this.job, updates, end);
      store.failUnfinishedDevices(this.job, { code: TIMED_OUT_CODE, description }, end);
    });
    this.#stopped = true;
    this.#cancelTimers();
    this.#ctx.onEnded(this.job);
  }

  #end(): void {
    this.#stopped = true;
    this.#cancelTimers();
    const updates = this.#buffer;
    this.#buffer = [];
    this.#ctx.store.commitProgress(this.job, updates, this.job.endMs ?? this.#nowMs());
    this.#ctx.onEnded(this.job);
  }

  #cancelTimers(): void {
    this.#stepTimer?.cancel();
    this.#deadlineTimer?.cancel();
    this.#stepTimer = undefined;
    this.#deadlineTimer = undefined;
  }
}

function errorOf(e: unknown): { code: string; description: string } {
  if (e instanceof ServiceError) return { code: e.errorCode, description: e.message };
  return { code: "ServerError", description: e instanceof Error ? e.message : String(e) };
}
