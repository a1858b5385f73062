// Retrying within a deadline: exponential backoff with full jitter, never sleeping past the deadline.
// Only errors marked retryable (429, 5xx, dropped connections, timeouts) are retried; any other
// error is the caller's to see at once.
//
// This is the client's one retry loop, placed in the Azure pipeline's Retry phase. The pipeline's
// stock retry policies are not stacked under it: they stop after 3 retries, and they sleep on a
// timer of their own that the submit deadline cannot bound, `onRetry` cannot report and tests
// cannot replace. A 429 ThrottlingMaxActiveJobCountExceeded on a one-job S1 hub must be retried for
// as long as the job ahead runs (up to `submitDeadlineSeconds`), with every wait in the provider's log.
import { randomUUID } from "node:crypto";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { IotHubError } from "./errors.ts";

export interface RetryPolicy {
  /** Total time allowed for all attempts, in ms; default 5 minutes. */
  deadlineMs?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** In [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; error: IotHubError }) => void;
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The delay before retry number `attempt` (1-based): full jitter over min(max, initial * 2^(attempt-1)). */
export function backoffDelay(attempt: number, initialDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
  // At least half the ceiling, so a run of low random draws cannot hammer a throttled hub.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function withRetry<T>(operation: () => Promise<T>, policy: RetryPolicy = {}): Promise<T> {
  const now = policy.now ?? Date.now;
  const sleep = policy.sleep ?? defaultSleep;
  const random = policy.random ?? Math.random;
  const initial = policy.initialDelayMs ?? 500;
  const max = policy.maxDelayMs ?? 30_000;
  const deadline = now() + (policy.deadlineMs ?? 5 * 60_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (e) {
      if (!(e instanceof IotHubError) || !e.retryable) throw e;
      let delay = backoffDelay(attempt, initial, max, random);
      if (e.retryAfterSeconds !== undefined) delay = Math.max(delay, e.retryAfterSeconds * 1000);
      const left = deadline - now();
      if (left <= 0) {
        throw e.withMessage(`${e.message} (gave up after ${attempt} attempt${attempt === 1 ? "" : "s"}: retry deadline reached)`);
      }
      // The last sleep is cut to the deadline, so one final attempt happens right at it.
      delay = Math.min(delay, left);
      policy.onRetry?.({ attempt, delayMs: delay, error: e });
      await sleep(delay);
    }
  }
}

export const hubRetryPolicyName = "hubRetryPolicy";

/**
 * `withRetry` as a pipeline policy. Each attempt gets a request id of its own (cleared here, set
 * again by the request-id policy after this one), as Microsoft's IoT Hub SDKs send a new
 * `Request-Id` per attempt; the policies after it (request id, error parsing, signing) run again.
 */
export function hubRetryPolicy(policy: RetryPolicy, requestIdHeaderName: string): PipelinePolicy {
  return {
    name: hubRetryPolicyName,
    sendRequest: (request, next) =>
      withRetry(() => {
        request.requestId = randomUUID();
        request.headers.delete(requestIdHeaderName);
        return next(request);
      }, policy),
  };
}
