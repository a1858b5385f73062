// The platform's side of the job engine contract: the JobHost that src/emulator/jobs drives.
// Everything goes through the same registry and method invoker the REST routes use, so a job
// changes twins and calls devices exactly as a client would. The host hands out operations, never
// the database: the engine gets that, for its own tables, from whoever creates it (start-hub.ts).
import type { Clock } from "./clock.ts";
import type { MethodInvoker } from "./fleet/method-invoker.ts";
import type { JobHost, HubTier } from "./jobs/job-host.ts";
import { iotHubNotFound } from "./errors.ts";
import type { Registry } from "./registry/registry.ts";
import { matchDeviceIds } from "./registry/twin-query.ts";
import type { HubStore } from "./store/hub-store.ts";

/** Device operations per second of each tier ("job device operations"), for realistic mode. */
export const DEVICE_OPS_PER_SECOND: Record<HubTier, number> = { F1: 10, S1: 10, S2: 10, S3: 50 };

export interface PlatformJobHostDeps {
  clock: Clock;
  hubs: HubStore;
  registry: Registry;
  invoker: MethodInvoker;
  /** Realistic mode: pace job device operations to the tier's rate. Off by default. */
  realisticLimits: boolean;
}

export function createPlatformJobHost(deps: PlatformJobHostDeps): JobHost {
  const tierOf = (hubName: string): HubTier => {
    const hub = deps.hubs.get(hubName);
    if (!hub) throw iotHubNotFound(hubName);
    return hub.tier;
  };
  return {
    clock: deps.clock,
    tierOf,
    matchDeviceIds: (hubName, condition) => matchDeviceIds(deps.registry.store, hubName, condition),
    patchTwin: (hubName, deviceId, patch) => deps.registry.patchTwin(hubName, deviceId, patch),
    invokeMethod: (hubName, deviceId, request) => deps.invoker.invoke(hubName, deviceId, request),
    deviceOpsPerSecond: (hubName) => (deps.realisticLimits ? DEVICE_OPS_PER_SECOND[tierOf(hubName)] : undefined),
  };
}
