// The tier a stack's hub runs on, as far as the configuration tells: it sets how many jobs may be
// active at once, which the blast radius and `hubjobs status --hub <stack>` report; with its units,
// how fast its jobs run (src/blast/duration-forecast.ts).
import { parseHubTier, type HubTier } from "../blast/tier-limits.ts";
import type { HubConfig } from "../config/types.ts";

export function hubTierOf(hub: HubConfig): HubTier | undefined {
  switch (hub.mode) {
    case "local":
      return parseHubTier(hub.tier);
    case "azure":
      return parseHubTier(hub.skuName);
    case "existing":
      // Not in the configuration: the hub could be any tier.
      return undefined;
  }
}

/** The hub's capacity units, when the configuration sets them (a hub this stack creates in Azure). */
export function hubUnitsOf(hub: HubConfig): number | undefined {
  return hub.mode === "azure" ? hub.skuCapacity : undefined;
}
