// Devices that answered a method job with a status outside 200..299. IoT Hub records them as
// `completed` and counts them in `succeededCount`; `pulumi up` counts them as failed
// (src/provider/job-outcome.ts), so `hubjobs status` does too, with the provider's own capped
// `devices.jobs` lookup (src/provider/device-errors.ts). An ended job's rows never change, so each
// job is looked up at most once per command, however often `--watch` redraws: the cache holds the
// promise, so concurrent callers share one lookup too.
import type { JobResponse } from "../../iothub/index.ts";
import { defaultDeviceErrorOptions, findDeviceErrors, hasDeviceAnswers, type DeviceErrorClient, type DeviceErrors } from "../../provider/device-errors.ts";
import type { FailedDevice as ProviderFailedDevice } from "../../provider/job-types.ts";
import { judge, type FailedDevice, type JobSnapshot } from "./job-snapshot.ts";

export class DeviceErrorLookup {
  readonly #client: DeviceErrorClient;
  readonly #keep: number;
  readonly #found = new Map<string, Promise<DeviceErrors>>();

  /** `keep`: how many of the devices found to name (`--max-failed`). */
  constructor(client: DeviceErrorClient, keep: number) {
    this.#client = client;
    this.#keep = keep;
  }

  /** Undefined for twin jobs and jobs that have not ended: they have no final device answers. */
  find(s: JobSnapshot): Promise<DeviceErrors> | undefined {
    if (!hasDeviceAnswers(asJob(s))) return undefined;
    let found = this.#found.get(s.jobId);
    if (!found) {
      found = findDeviceErrors(this.#client, s.jobId, { ...defaultDeviceErrorOptions, keep: this.#keep });
      this.#found.set(s.jobId, found);
    }
    return found;
  }

  /** The devices found (at most `keep`), named as `status --json` names failed devices. */
  async devicesOf(s: JobSnapshot): Promise<FailedDevice[]> {
    const found = this.find(s);
    return found ? (await found).devices.map(toFailedDevice) : [];
  }
}

/**
 * Adds the device-error count to every ended method job that `which` picks and judges it again.
 * One job at a time: device queries are scarce (20 a minute per unit on S1/S2), and a burst would
 * only be throttled.
 */
export async function withDeviceErrors(lookup: DeviceErrorLookup, jobs: readonly JobSnapshot[], which: (s: JobSnapshot) => boolean = () => true): Promise<JobSnapshot[]> {
  const out: JobSnapshot[] = [];
  for (const s of jobs) {
    const found = which(s) ? lookup.find(s) : undefined;
    out.push(found ? withCount(s, await found) : s);
  }
  return out;
}

function withCount(s: JobSnapshot, found: DeviceErrors): JobSnapshot {
  const deviceErrors = { count: found.count, capped: found.capped };
  return { ...s, deviceErrors, outcome: judge(s.status, s.statistics, deviceErrors) };
}

function toFailedDevice(d: ProviderFailedDevice): FailedDevice {
  const device: FailedDevice = { deviceId: d.deviceId, status: d.status, error: `method returned ${d.methodStatus ?? "an error"}` };
  if (d.methodStatus !== undefined) device.methodStatus = d.methodStatus;
  if (d.methodPayload !== undefined) device.methodPayload = d.methodPayload;
  return device;
}

/** The fields `hasDeviceAnswers` reads; a snapshot keeps them as the hub sent them. */
function asJob(s: JobSnapshot): JobResponse {
  return { jobId: s.jobId, type: s.type as JobResponse["type"], status: s.status as JobResponse["status"] };
}
