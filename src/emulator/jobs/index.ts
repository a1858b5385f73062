// The jobs v2 engine of the embedded IoT Hub. The platform builds one per emulator process over
// its database and clock, mounts `routes`, delegates `FROM devices.jobs` queries, calls `resume()`
// on start and `close()` on shutdown.
import type { DatabaseSync } from "node:sqlite";
import type { Query } from "../../query/index.ts";
import type { RouteDefinition } from "../http/types.ts";
import { JobEngineCore } from "./job-engine.ts";
import type { JobHost } from "./job-host.ts";
import { jobRoutes } from "./job-routes.ts";

export type { HubTier, JobHost, MethodRequest, MethodResult, TwinPatch } from "./job-host.ts";

export interface JobEngine {
  /** PUT/GET `/jobs/v2/{id}`, POST `/jobs/v2/{id}/cancel`, GET `/jobs/v2/query` (listed first). */
  routes: RouteDefinition[];
  /** Rows of `devices.jobs` for `SELECT ... FROM devices.jobs [WHERE ...]`, shaped by runQuery. */
  queryDeviceJobs(hubName: string, query: Query): unknown[];
  /** Forgets a hub's jobs and per-device rows, stopping its running jobs. */
  deleteHub(hubName: string): void;
  /** After a restart: continue unfinished jobs, or end them by maxExecutionTimeInSeconds. */
  resume(): void;
  /** Stops timers and work, writing progress so far. Does not close the database. */
  close(): void;
}

/** `db`: where the engine keeps its own tables (job-store.ts), next to the platform's. */
export function createJobEngine(host: JobHost, db: DatabaseSync): JobEngine {
  const core = new JobEngineCore(host, db);
  return {
    routes: jobRoutes(core),
    queryDeviceJobs: (hubName, query) => core.queryDeviceJobs(hubName, query),
    deleteHub: (hubName) => core.deleteHub(hubName),
    resume: () => core.resume(),
    close: () => core.close(),
  };
}
