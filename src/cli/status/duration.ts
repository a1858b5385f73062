// `--interval` values: `<number><ms|s|m>` like the manifests' durations.
const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

export function parseIntervalMs(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * units[m[2]!]!;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
