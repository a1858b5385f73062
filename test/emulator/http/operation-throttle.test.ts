import { describe, expect, it } from "vitest";
import { OPERATIONS_PER_MINUTE, OperationThrottle, type ThrottleClass } from "../../../src/emulator/http/operation-throttle.ts";
import type { HubTier } from "../../../src/emulator/store/hub-store.ts";

const TIERS: readonly HubTier[] = ["F1", "S1", "S2", "S3"];

const takeAll = (t: OperationThrottle, hub: string, tier: HubTier, at: number, cls: ThrottleClass = "jobOperations"): number => {
  let n = 0;
  while (t.tryTake(hub, tier, cls, at)) n++;
  return n;
};

describe("OperationThrottle", () => {
  it("lets one minute's job operations through per tier, then refuses", () => {
    for (const tier of TIERS) {
      const t = new OperationThrottle();
      expect(takeAll(t, "h", tier, 0)).toBe(OPERATIONS_PER_MINUTE.jobOperations[tier]);
    }
    expect(OPERATIONS_PER_MINUTE.jobOperations).toEqual({ F1: 100, S1: 100, S2: 100, S3: 5000 });
  });

  it("refills at the documented rate (1.67/s on S1), never beyond one minute's allowance", () => {
    const t = new OperationThrottle();
    takeAll(t, "h", "S1", 0);
    expect(t.tryTake("h", "S1", "jobOperations", 599)).toBe(false);
    expect(t.tryTake("h", "S1", "jobOperations", 600)).toBe(true);
    expect(t.tryTake("h", "S1", "jobOperations", 600)).toBe(false);
    expect(takeAll(t, "h", "S1", 600 + 10 * 60_000)).toBe(100);
  });

  it("lets one minute's queries through per tier (20/min/unit on F1, S1, S2; 1000 on S3), then refuses", () => {
    for (const tier of TIERS) {
      const t = new OperationThrottle();
      expect(takeAll(t, "h", tier, 0, "queries")).toBe(OPERATIONS_PER_MINUTE.queries[tier]);
    }
    expect(OPERATIONS_PER_MINUTE.queries).toEqual({ F1: 20, S1: 20, S2: 20, S3: 1000 });
  });

  it("refills queries one every 3 s on S1, exactly on the millisecond even after many small steps", () => {
    const t = new OperationThrottle();
    takeAll(t, "h", "S1", 0, "queries");
    // Many refills of 1 ms each must add up to exactly one query at 3000 ms, no earlier.
    for (let at = 1; at < 3000; at++) expect(t.tryTake("h", "S1", "queries", at)).toBe(false);
    expect(t.tryTake("h", "S1", "queries", 3000)).toBe(true);
    expect(t.tryTake("h", "S1", "queries", 3000)).toBe(false);
    // A full minute later the bucket is full again: 20, not more.
    expect(takeAll(t, "h", "S1", 3000 + 60_000, "queries")).toBe(20);
  });

  it("counts queries and job operations apart", () => {
    const t = new OperationThrottle();
    takeAll(t, "h", "S1", 0, "queries");
    expect(takeAll(t, "h", "S1", 0, "jobOperations")).toBe(100);
    expect(t.tryTake("h", "S1", "queries", 0)).toBe(false);
  });

  it("keeps hubs apart and forgets a deleted hub", () => {
    const t = new OperationThrottle();
    takeAll(t, "a", "S1", 0);
    takeAll(t, "a", "S1", 0, "queries");
    expect(t.tryTake("b", "S1", "jobOperations", 0)).toBe(true);
    expect(t.tryTake("b", "S1", "queries", 0)).toBe(true);
    t.forgetHub("a");
    expect(t.tryTake("a", "S1", "jobOperations", 0)).toBe(true);
    expect(t.tryTake("a", "S1", "queries", 0)).toBe(true);
  });
});
