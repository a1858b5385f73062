// The service's per-hub operation rate limits, applied in realistic mode only (off by default so
// tests and the dev stack never wait). A route opts in by naming its throttle class.
//
// IoT Hub states the job operations quota as "1.67/sec/unit (100/min/unit)" on F1, S1 and S2 and
// "83.33/sec/unit (5000/min/unit)" on S3, and shapes bursts rather than refusing the first request
// over the rate. The emulator models one unit with a token bucket that holds one minute's
// allowance and refills continuously on the hub clock: a burst of up to a minute's quota passes,
// sustained traffic above the rate gets 429 ThrottlingException. The clock is the emulator's, so a
// ManualClock drives refills deterministically in tests.
import type { HubTier } from "../store/hub-store.ts";

/** Operation classes with a documented rate; only job operations so far. */
export type ThrottleClass = "jobOperations";

/** Allowed operations per minute for one unit, per class and tier. */
export const OPERATIONS_PER_MINUTE: Readonly<Record<ThrottleClass, Readonly<Record<HubTier, number>>>> = {
  jobOperations: { F1: 100, S1: 100, S2: 100, S3: 5000 },
};

interface Bucket {
  tokens: number;
  atMs: number;
}

export class OperationThrottle {
  readonly #buckets = new Map<string, Bucket>();

  /** Takes one operation from the hub's allowance; false when the hub is over its rate (answer 429). */
  tryTake(hubName: string, tier: HubTier, throttleClass: ThrottleClass, nowMs: number): boolean {
    const perMinute = OPERATIONS_PER_MINUTE[throttleClass][tier];
    const key = `${hubName}\u0000${throttleClass}`;
    const bucket = this.#buckets.get(key) ?? { tokens: perMinute, atMs: nowMs };
    // Refill for the time passed since the last call, never beyond one minute's allowance.
    const elapsedMs = Math.max(0, nowMs - bucket.atMs);
    bucket.tokens = Math.min(perMinute, bucket.tokens + (elapsedMs * perMinute) / 60_000);
    bucket.atMs = nowMs;
    this.#buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Drops a deleted hub's allowances, so a hub created again under the name starts full. */
  forgetHub(hubName: string): void {
    for (const key of this.#buckets.keys()) if (key.startsWith(`${hubName}\u0000`)) this.#buckets.delete(key);
  }
}
