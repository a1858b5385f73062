// One engine over a fake host, with a `call` shortcut to its routes.
import { createJobEngine, type JobEngine } from "../../../src/emulator/jobs/index.ts";
import { callRoute, type RouteAnswer } from "./call-route.ts";
import { FakeJobHost, type FakeHostOptions } from "./fake-job-host.ts";

export interface Fixture {
  host: FakeJobHost;
  engine: JobEngine;
  call(method: "GET" | "PUT" | "POST", path: string, body?: unknown, headers?: Record<string, string>): Promise<RouteAnswer>;
  /** GET /jobs/v2/{id} body. */
  job(id: string): Promise<Record<string, unknown>>;
}

export function fixture(options: FakeHostOptions & { devices?: number } = {}): Fixture {
  const host = new FakeJobHost(options);
  for (let i = 1; i <= (options.devices ?? 0); i++) host.addDevice(`Device-${i}`);
  const engine = createJobEngine(host, host.db);
  const call: Fixture["call"] = (method, path, body, headers) =>
    callRoute(engine.routes, method, path, { body, ...(headers ? { headers } : {}), now: host.clock.now() });
  return {
    host,
    engine,
    call,
    job: async (id) => (await call("GET", `/jobs/v2/${encodeURIComponent(id)}`)).body as Record<string, unknown>,
  };
}

export const twinJobBody = (queryCondition = "*", extra: Record<string, unknown> = {}) => ({
  type: "scheduleUpdateTwin",
  queryCondition,
  updateTwin: { etag: "*", tags: { Building: "43", Floor: "3" }, properties: { desired: { LocationUpdate: "now" } } },
  maxExecutionTimeInSeconds: 120,
  ...extra,
});

export const methodJobBody = (queryCondition = "*", extra: Record<string, unknown> = {}, method: Record<string, unknown> = {}) => ({
  type: "scheduleDeviceMethod",
  queryCondition,
  cloudToDeviceMethod: { methodName: "LockDoor", payload: { force: true }, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 5, ...method },
  maxExecutionTimeInSeconds: 120,
  ...extra,
});
