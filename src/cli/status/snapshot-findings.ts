// What `hubjobs status` adds to a snapshot once a job has ended: the devices that answered a method
// with an error (counted, then judged again), and the failed devices by name. Both through the one
// lookup of src/jobs, as `pulumi up` finds them. One job at a time: device queries are scarce
// (20 a minute per unit on S1/S2), and a burst would only be throttled.
import { defaultDeviceErrorOptions, findFailedDevices, type DeviceErrorLookup, type DeviceErrors } from "../../jobs/index.ts";
import { failedDeviceLimit, judged, type JobSnapshot, type SnapshotClient } from "./job-snapshot.ts";

/** Adds the device-error count to every ended method job that `which` picks and judges it again. */
export async function withDeviceErrors(lookup: DeviceErrorLookup, jobs: readonly JobSnapshot[], which: (s: JobSnapshot) => boolean = () => true): Promise<JobSnapshot[]> {
  const out: JobSnapshot[] = [];
  for (const s of jobs) {
    const found = which(s) ? lookup.find(s) : undefined;
    out.push(found ? withCount(s, await found) : s);
  }
  return out;
}

function withCount(s: JobSnapshot, found: DeviceErrors): JobSnapshot {
  return judged({ ...s, deviceErrors: { count: found.count, capped: found.capped } });
}

/**
 * Adds the failed devices to every snapshot that has failures: the hub's failed rows first, then
 * the devices that answered an error (from `lookup`, which already counted them), at most `limit`.
 */
export async function withFailedDevices(client: SnapshotClient, jobs: readonly JobSnapshot[], lookup: DeviceErrorLookup, limit = failedDeviceLimit): Promise<JobSnapshot[]> {
  const out: JobSnapshot[] = [];
  for (const s of jobs) {
    if (s.statistics.failedCount === 0 && !s.deviceErrors?.count) {
      out.push(s);
      continue;
    }
    const counted = lookup.find(s);
    const { failedDevices } = await findFailedDevices(client, { ...s, deviceJobStatistics: s.statistics }, { ...defaultDeviceErrorOptions, cap: limit }, counted ? await counted : undefined);
    out.push({ ...s, failedDevices });
  }
  return out;
}
