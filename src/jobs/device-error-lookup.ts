// The device-error count of ended method jobs, looked up at most once per job for as long as the
// lookup lives (one `hubjobs status` command, however often `--watch` redraws). An ended job's rows
// never change; the cache holds the promise, so concurrent callers share one lookup too.
import { defaultDeviceErrorOptions, findDeviceErrors, hasDeviceAnswers, type DeviceErrorClient, type DeviceErrors, type JobHead } from "./device-errors.ts";

export class DeviceErrorLookup {
  readonly #client: DeviceErrorClient;
  readonly #keep: number;
  readonly #found = new Map<string, Promise<DeviceErrors>>();

  /** `keep`: how many of the devices found to name. */
  constructor(client: DeviceErrorClient, keep: number) {
    this.#client = client;
    this.#keep = keep;
  }

  /** Undefined for twin jobs and jobs that have not ended: they have no final device answers. */
  find(job: JobHead): Promise<DeviceErrors> | undefined {
    if (!hasDeviceAnswers(job)) return undefined;
    let found = this.#found.get(job.jobId);
    if (!found) {
      found = findDeviceErrors(this.#client, job.jobId, { ...defaultDeviceErrorOptions, keep: this.#keep });
      this.#found.set(job.jobId, found);
    }
    return found;
  }
}
