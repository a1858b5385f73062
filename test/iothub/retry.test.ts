import { describe, expect, it } from "vitest";
import { IotHubError } from "../../src/iothub/errors.ts";
import { backoffDelay, withRetry } from "../../src/iothub/retry.ts";

function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return { now: () => now, sleep: async (ms: number) => { sleeps.push(ms); now += ms; }, sleeps };
}

const throttled = () => new IotHubError({ status: 429, errorCode: "ThrottlingMaxActiveJobCountExceeded", message: "busy" });

describe("withRetry", () => {
  it("retries retryable errors with growing, jittered delays until success", async () => {
    const t = fakeTime();
    let calls = 0;
    const result = await withRetry(async () => { if (++calls < 5) throw throttled(); return "ok"; }, { ...t, random: () => 0.5, initialDelayMs: 100, maxDelayMs: 1000 });
    expect(result).toBe("ok");
    expect(calls).toBe(5);
    // ceilings 100, 200, 400, 800; with random 0.5 each delay is 3/4 of its ceiling
    expect(t.sleeps).toEqual([75, 150, 300, 600]);
  });

  it("fails at once on a non-retryable error", async () => {
    const t = fakeTime();
    let calls = 0;
    const bad = new IotHubError({ status: 400, errorCode: "ArgumentInvalid", message: "bad query" });
    await expect(withRetry(async () => { calls++; throw bad; }, t)).rejects.toBe(bad);
    expect(calls).toBe(1);
    expect(t.sleeps).toEqual([]);
  });

  it("gives up at the deadline, keeping the service's code", async () => {
    const t = fakeTime();
    const err = await withRetry(async () => { throw throttled(); }, { ...t, deadlineMs: 5000, initialDelayMs: 1000, maxDelayMs: 1000, random: () => 0.999 }).catch((e) => e);
    expect(err).toBeInstanceOf(IotHubError);
    expect(err.errorCode).toBe("ThrottlingMaxActiveJobCountExceeded");
    expect(err.message).toMatch(/deadline/);
    expect(t.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
  });

  it("waits at least what Retry-After asks", async () => {
    const t = fakeTime();
    let calls = 0;
    await withRetry(async () => { if (calls++ === 0) throw new IotHubError({ status: 503, errorCode: "ServerBusy", message: "x", retryAfterSeconds: 7 }); return 1; }, { ...t, initialDelayMs: 10 });
    expect(t.sleeps).toEqual([7000]);
  });
});

describe("backoffDelay", () => {
  it("stays within [ceiling/2, ceiling] and caps at the maximum", () => {
    for (let attempt = 1; attempt < 12; attempt++) {
      const ceiling = Math.min(8000, 250 * 2 ** (attempt - 1));
      expect(backoffDelay(attempt, 250, 8000, () => 0)).toBe(ceiling / 2);
      expect(backoffDelay(attempt, 250, 8000, () => 0.9999999)).toBeLessThanOrEqual(ceiling);
    }
  });
});
