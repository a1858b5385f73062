import { describe, expect, it } from "vitest";
import { formatDuration, isDuration, parseDuration } from "../../src/manifest/index.ts";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["0s", 0],
    ["5s", 5_000],
    ["2m", 120_000],
    ["1h", 3_600_000],
    ["1.5h", 5_400_000],
    ["0.1h", 360_000],
  ])("%s is %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(isDuration(text)).toBe(true);
  });

  it.each(["", "5", "s", "5 s", "-5s", "5sec", "1d", "1h30m", ".5s", "5S"])("refuses %j", (text) => {
    expect(isDuration(text)).toBe(false);
    expect(() => parseDuration(text)).toThrow(RangeError);
  });
});

describe("formatDuration", () => {
  it("writes the largest exact unit", () => {
    expect([0, 1500, 5_000, 90_000, 120_000, 3_600_000, 5_400_000].map(formatDuration)).toEqual(["0s", "1500ms", "5s", "90s", "2m", "1h", "90m"]);
  });

  it("reads back what it writes", () => {
    for (const ms of [1, 999, 1000, 61_000, 7_200_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
