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
