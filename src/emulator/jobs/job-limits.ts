// The service's documented limits that the job engine enforces, in one place. The direct-method
// limits are also those of `POST /twins/{id}/methods` (fleet/method-invoker.ts).
import type { HubTier } from "./job-host.ts";

/** Concurrent (queued, scheduled or running) jobs per hub. */
export const MAX_ACTIVE_JOBS: Record<HubTier, number> = { F1: 1, S1: 1, S2: 5, S3: 10 };

export const MAX_START_AHEAD_MS = 168 * 3600 * 1000;
export const HISTORY_RETENTION_MS = 30 * 24 * 3600 * 1000;
export const DEFAULT_MAX_EXECUTION_SECONDS = 3600;
export const RESPONSE_TIMEOUT_RANGE = { min: 5, max: 300, default: 30 } as const;
export const CONNECT_TIMEOUT_RANGE = { min: 0, max: 300, default: 0 } as const;
export const MAX_METHOD_PAYLOAD_BYTES = 128 * 1024;
/** Largest page of the job list; also the default when the client names none. */
export const MAX_PAGE_SIZE = 100;
