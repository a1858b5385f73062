// Durations in manifests are `<number><unit>` with unit ms, s, m or h ("30s", "1.5h").

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const DURATION = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/;

export function isDuration(text: string): boolean {
  return DURATION.test(text);
}

/** Milliseconds in a duration; throws a RangeError on text that is not a duration. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text);
  if (!match) throw new RangeError(`not a duration: ${JSON.stringify(text)} (expected e.g. 30s, 5m, 1h, 500ms)`);
  const unit = match[2] as keyof typeof UNIT_MS;
  // Round away float noise such as 0.1h * 3_600_000 = 360000.00000000006.
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}

/** The shortest exact rendering: 120000 -> "2m", 90000 -> "90s", 1500 -> "1500ms". */
export function formatDuration(ms: number): string {
  if (ms !== 0) {
    for (const unit of ["h", "m", "s"] as const) {
      if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
    }
    return `${ms}ms`;
  }
  return "0s";
}
