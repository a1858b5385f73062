import { describe, expect, it } from "vitest";
import { progressBar } from "../../src/cli/status/progress-bar.ts";

const stats = (succeeded: number, failed: number, running: number, pending: number) => ({
  deviceCount: succeeded + failed + running + pending,
  succeededCount: succeeded,
  failedCount: failed,
  runningCount: running,
  pendingCount: pending,
});

describe("progressBar", () => {
  it("draws segments in order succeeded, failed, running, pending", () => {
    expect(progressBar(stats(5, 2, 1, 2), 10)).toBe("[=====xx>..]");
  });

  it("always fills exactly the width", () => {
    for (const s of [stats(1, 1, 1, 0), stats(333, 333, 334, 0), stats(12408, 1, 0, 0), stats(0, 0, 0, 7), stats(1, 1, 1, 1)]) {
      for (const width of [3, 10, 30]) expect(progressBar(s, width)).toHaveLength(width + 2);
    }
  });

  it("shows one failed device among thousands", () => {
    expect(progressBar(stats(12408, 1, 0, 0), 20)).toContain("x");
  });

  it("is empty when the job has no devices yet", () => {
    expect(progressBar(stats(0, 0, 0, 0), 4)).toBe("[    ]");
  });
});
