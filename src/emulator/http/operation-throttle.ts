// The service's per-hub operation rate limits, applied in realistic mode only (off by default so
// tests and the dev stack never wait). A route opts in by naming its throttle class.
//
// IoT Hub's quotas table (docs "IoT Hub quotas and throttling", columns "Free, B1, and S1",
// "B2 and S2", "B3 and S3") states:
// - job operations (create, update, list, delete): "1.67/sec/unit (100/min/unit)" on F1, S1 and S2,
//   "83.33/sec/unit (5,000/min/unit)" on S3;
// - queries: "20/min/unit" on F1, S1 and S2, "1,000/min/unit" on S3 (the Free tier shares the S1
//   column, so F1 gets 20/min too).
// The service shapes bursts rather than refusing the first request over the rate. The emulator
// models one unit with a token bucket per hub and class that holds one minute's allowance and
// refills continuously on the hub clock: a burst of up to a minute's quota passes, sustained
// traffic above the rate gets 429 ThrottlingException. The clock is the emulator's, so a
// ManualClock drives refills deterministically in tests.
import type { HubTier } from "../store/hub-store.ts";

/** Operation classes with a documented per-minute rate. */
export type ThrottleClass = "jobOperations" | "queries";

/** Allowed operations per minute for one unit, per class and tier. */
export const OPERATIONS_PER_MINUTE: Readonly<Record<ThrottleClass, Readonly<Record<HubTier, number>>>> = {
  jobOperations: { F1: 100, S1: 100, S2: 100, S3: 5000 },
  queries: { F1: 20, S1: 20, S2: 20, S3: 1000 },
};

/** One operation's cost in credit: a bucket gains `perMinute` credit per millisecond. */
const CREDIT_PER_OPERATION = 60_000;

interface Bucket {
  /**
   * Allowance left, in integer credit rather than fractional operations: refills then add exact
   * integers, so "one more every 3000 ms" (20/min) holds to the millisecond with no rounding drift.
   */
  credit: number;
  atMs: number;
}

export class OperationThrottle {
  readonly #buckets = new Map<string, Bucket>();

  /** Takes one operation from the hub's allowance; false when the hub is over its rate (answer 429). */
  tryTake(hubName: string, tier: HubTier, throttleClass: ThrottleClass, nowMs: number): boolean {
    const perMinute = OPERATIONS_PER_MINUTE[throttleClass][tier];
    const capacity = perMinute * CREDIT_PER_OPERATION;
    const key = `${hubName}\u0000${throttleClass}`;
    const bucket = this.#buckets.get(key) ?? { credit: capacity, atMs: nowMs };
    // Refill for the time passed since the last call, never beyond one minute's allowance (a full
    // minute already refills an empty bucket, so longer gaps are cut there to keep numbers small).
    const elapsedMs = Math.min(60_000, Math.max(0, nowMs - bucket.atMs));
    bucket.credit = Math.min(capacity, bucket.credit + elapsedMs * perMinute);
    bucket.atMs = Math.max(bucket.atMs, nowMs);
    this.#buckets.set(key, bucket);
    if (bucket.credit < CREDIT_PER_OPERATION) return false;
    bucket.credit -= CREDIT_PER_OPERATION;
    return true;
  }

  /** Drops a deleted hub's allowances, so a hub created again under the name starts full. */
  forgetHub(hubName: string): void {
    for (const key of this.#buckets.keys()) if (key.startsWith(`${hubName}\u0000`)) this.#buckets.delete(key);
  }
}
