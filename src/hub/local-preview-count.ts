// The first preview of a local stack cannot ask its hub (the deployment has yet to create it, so
// its access is unknown). Two places can answer for it: the emulator, when it already holds a hub
// of that name (the deployment adopts that one), or the fleet file the new hub is seeded with.
import { fleetBlastClient } from "../blast/fleet-client.ts";
import type { LocalHubConfig } from "../config/types.ts";
import { findLocalHub, type AdminHub } from "../provider/local-hub-impl.ts";
import type { PreviewCountSource } from "./types.ts";

export async function localPreviewCount(config: LocalHubConfig, fleetText: string | undefined): Promise<PreviewCountSource | undefined> {
  let existing: AdminHub | undefined;
  try {
    existing = await findLocalHub({ adminUrl: config.emulatorUrl, adminKey: config.emulatorAdminKey, hubName: config.hubName });
  } catch {
    existing = undefined; // emulator not running (a preview does not need it) or refusing: the fleet can still tell
  }
  if (existing) {
    const seeds = fleetText !== undefined && config.fleetFile ? `, seeding any device of ${config.fleetFile} it lacks` : "";
    return {
      note: `blast radius: counted on hub "${config.hubName}" as the emulator holds it now (this deployment adopts it${seeds})`,
      connection: { connectionString: existing.connectionString, endpoint: existing.endpoint },
    };
  }
  if (fleetText !== undefined && config.fleetFile) {
    const fleetFile = config.fleetFile;
    return {
      note: `blast radius: counted on ${fleetFile}, the fleet this deployment creates hub "${config.hubName}" with`,
      connection: () => fleetBlastClient(fleetText, fleetFile),
    };
  }
  return undefined;
}
