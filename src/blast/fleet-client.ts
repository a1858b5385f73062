// Counting on a fleet file instead of a hub: a new local hub is created with that fleet, so before
// it exists (the first preview of a stack) the fleet is where its devices can be counted.
import type { BlastClient } from "./blast-radius.ts";

/** A hub that does not exist yet holds no jobs, and exactly the fleet's devices. */
export async function fleetBlastClient(fleetText: string, source: string): Promise<BlastClient> {
  // Loaded on use: only this preview needs the emulator's store, not every run of the program.
  const { forecastFleet } = await import("../emulator/fleet/fleet-forecast.ts");
  // In memory, for the few counting queries of one preview; freed with the program.
  const forecast = forecastFleet(fleetText, source);
  return {
    countDevices: async (condition) => forecast.countDevices(condition),
    listJobs: async () => [],
  };
}
