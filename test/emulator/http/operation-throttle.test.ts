import { describe, expect, it } from "vitest";
import { OPERATIONS_PER_MINUTE, OperationThrottle } from "../../../src/emulator/http/operation-throttle.ts";

const takeAll = (t: OperationThrottle, hub: string, tier: "F1" | "S1" | "S2" | "S3", at: number): number => {
  let n = 0;
  while (t.tryTake(hub, tier, "jobOperations", at)) n++;
  return n;
};

describe("OperationThrottle", () => {
  it("lets one minute's job operations through per tier, then refuses", () => {
    for (const tier of ["F1", "S1", "S2", "S3"] as const) {
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

  it("keeps hubs apart and forgets a deleted hub", () => {
    const t = new OperationThrottle();
    takeAll(t, "a", "S1", 0);
    expect(t.tryTake("b", "S1", "jobOperations", 0)).toBe(true);
    t.forgetHub("a");
    expect(t.tryTake("a", "S1", "jobOperations", 0)).toBe(true);
  });
});
