// How fast a job touches devices. Without limits the engine works in large batches and yields only
// to let requests through; in realistic mode it follows the hub's device-operation rate, in small
// batches on the host clock, so a ManualClock drives it deterministically in tests.

/** Devices per transaction when limits are off: large enough to amortise a commit, small enough to stay responsive. */
export const FAST_BATCH = 2000;

export interface Pace {
  /** Device operations to start per step. */
  batch: number;
  /** Host-clock milliseconds between steps. */
  intervalMs: number;
}

export function paceFor(opsPerSecond: number | undefined): Pace {
  if (opsPerSecond === undefined || !Number.isFinite(opsPerSecond) || opsPerSecond <= 0) {
    return { batch: FAST_BATCH, intervalMs: 0 };
  }
  // Ten steps a second at most keeps timers few, while each step stays within the rate.
  const batch = Math.max(1, Math.floor(opsPerSecond / 10));
  return { batch, intervalMs: (1000 * batch) / opsPerSecond };
}
