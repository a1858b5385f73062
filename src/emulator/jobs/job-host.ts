// What the job engine needs from the rest of the emulator. The platform (../platform-job-host.ts)
// implements it over the registry, twins and simulated fleet; tests and the bench implement it with
// small fakes. Operations only: the engine's storage is handed to createJobEngine, not to the host.
import type { Clock } from "../clock.ts";
import type { HubTier } from "../store/hub-store.ts";
import type { MethodSpec } from "./job-model.ts";

/** The hub's tier, as the store keeps it: it sets the concurrent-job limit (job-limits.ts). */
export type { HubTier };

export interface TwinPatch {
  tags?: Record<string, unknown>;
  properties?: { desired?: Record<string, unknown> };
}

/** The job's direct method call, as validated from its request (job-model.ts). */
export type MethodRequest = MethodSpec;

export interface MethodResult {
  status: number;
  payload: unknown;
}

export interface JobHost {
  clock: Clock;
  tierOf(hubName: string): HubTier;
  /** Device ids matching a WHERE condition ("*" = all) at this moment; throws ServiceError 400 on a bad condition. */
  matchDeviceIds(hubName: string, condition: string): string[];
  /** Merge-patches tags and desired properties (null deletes), bumps $version and etag, enforces twin limits; throws ServiceError. */
  patchTwin(hubName: string, deviceId: string, patch: TwinPatch): void;
  /** Invokes a direct method on the simulated device, honouring connect/response timeouts on the host clock; resolves {status,payload} or throws ServiceError (404103 DeviceNotOnline, 504101 GatewayTimeout-style device timeout, 404001 DeviceNotFound). */
  invokeMethod(hubName: string, deviceId: string, request: MethodRequest): Promise<MethodResult>;
  /** Device-operation rate limit for realistic mode (ops per second), or undefined when limits are off. */
  deviceOpsPerSecond(hubName: string): number | undefined;
}
