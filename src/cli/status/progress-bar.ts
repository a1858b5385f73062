// A job's devices as one bar: succeeded `=`, failed `x`, running `>`, pending `.`, in that order, so
// the bar fills from the left as devices finish. Plain ASCII: readable in any log and terminal.
import type { DeviceJobStatistics } from "../../iothub/index.ts";

export const barGlyphs = { succeeded: "=", failed: "x", running: ">", pending: "." } as const;

/**
 * Widths are apportioned by largest remainder, so the segments always add up to `width` and any
 * non-zero count gets at least one cell when the bar has room for it.
 */
export function progressBar(stats: DeviceJobStatistics, width = 30): string {
  const counts = [stats.succeededCount, stats.failedCount, stats.runningCount, stats.pendingCount];
  const glyphs = [barGlyphs.succeeded, barGlyphs.failed, barGlyphs.running, barGlyphs.pending];
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return `[${" ".repeat(width)}]`;
  const exact = counts.map((c) => (c / total) * width);
  const cells = exact.map(Math.floor);
  // Visible first: a count that got no cell but exists takes one, if the bar has room.
  counts.forEach((c, i) => {
    if (c > 0 && cells[i] === 0 && cells.reduce((a, b) => a + b, 0) < width) cells[i] = 1;
  });
  let left = width - cells.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    if (counts[i]! > 0) {
      cells[i]!++;
      left--;
    }
  }
  // Rounding up small counts can overshoot: take the excess from the largest segment.
  while (left < 0) {
    const largest = cells.indexOf(Math.max(...cells));
    cells[largest]!--;
    left++;
  }
  return `[${cells.map((n, i) => glyphs[i]!.repeat(n)).join("")}]`;
}
