// Bounded concurrency for the blast radius's counting queries.
import { describe, expect, it } from "vitest";
import { mapBounded } from "../../src/blast/index.ts";

/** A task per item that finishes only when the test releases it, recording how many run at once. */
function gatedTasks() {
  const gates: Array<() => void> = [];
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const task = (item: number) =>
    new Promise<number>((resolve) => {
      running++;
      peak = Math.max(peak, running);
      started.push(item);
      gates.push(() => {
        running--;
        resolve(item * 10);
      });
    });
  const releaseAll = async () => {
    while (gates.length > 0) {
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { task, releaseAll, started, peak: () => peak };
}

describe("mapBounded", () => {
  it("keeps at most `limit` calls in flight and returns results in input order", async () => {
    const gated = gatedTasks();
    const done = mapBounded([1, 2, 3, 4, 5, 6, 7], 3, gated.task);
    await new Promise((r) => setImmediate(r));
    expect(gated.started).toEqual([1, 2, 3]);
    await gated.releaseAll();
    expect(await done).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(gated.peak()).toBe(3);
  });

  it("stops taking new items after a failure and rejects with it", async () => {
    const seen: number[] = [];
    const result = mapBounded([1, 2, 3, 4, 5], 1, async (n) => {
      seen.push(n);
      if (n === 2) throw new Error("hub said no");
      return n;
    });
    await expect(result).rejects.toThrow("hub said no");
    expect(seen).toEqual([1, 2]);
  });

  it("handles an empty list", async () => {
    expect(await mapBounded([], 4, async (n: number) => n)).toEqual([]);
  });
});
