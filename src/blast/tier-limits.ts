// How many jobs an IoT Hub runs at once, by tier (iothub-facts.md, "Limits"). A job submitted past the
// limit is refused with 429 ThrottlingMaxActiveJobCountExceeded; hubjobs' provider retries it, so in
// practice it waits for a slot. Every job that has not ended holds a slot, scheduled ones too
// (`isActive`, src/iothub/types.ts).

export const hubTiers = ["F1", "S1", "S2", "S3"] as const;
export type HubTier = (typeof hubTiers)[number];

export const concurrentJobLimit: Record<HubTier, number> = { F1: 1, S1: 1, S2: 5, S3: 10 };

export function isHubTier(value: string): value is HubTier {
  return (hubTiers as readonly string[]).includes(value);
}

/** Accepts `S1`, `s1`, `Standard_S1`, `free`/`F1`; undefined when not a tier with jobs. */
export function parseHubTier(value: string): HubTier | undefined {
  const v = value.trim().toUpperCase().replace(/^STANDARD_/, "").replace(/^FREE(_F1)?$/, "F1");
  return isHubTier(v) ? v : undefined;
}

/**
 * How many device operations a second a hub's jobs run at, all jobs together (iothub-facts.md,
 * "Job device operations: 10/s (S1), max(10/s, 1/s per unit) (S2), 50/s per unit (S3)"). The facts
 * give no rate for F1: it is taken as S1's, like its other job limits.
 */
export function jobDeviceOpsPerSecond(tier: HubTier, units = 1): number {
  switch (tier) {
    case "F1":
    case "S1":
      return 10;
    case "S2":
      return Math.max(10, units);
    case "S3":
      return 50 * units;
  }
}

/** True when the tier's job device-operation rate grows with its units (S2 past 10 units, S3). */
export function rateScalesWithUnits(tier: HubTier): boolean {
  return tier === "S2" || tier === "S3";
}
