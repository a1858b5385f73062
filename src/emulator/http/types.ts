// The contract between the emulator's request pipeline and its route handlers.
// Handlers are plain functions from a parsed request to a result, so the job engine,
// the registry and the admin API can each own their routes without knowing about sockets.
import type { IncomingHttpHeaders } from "node:http";
import type { Permission } from "../auth/policies.ts";
import type { ThrottleClass } from "./operation-throttle.ts";

/** One parsed, authenticated request, as a handler sees it. */
export interface RequestContext {
  /** Name of the hub the request addresses (resolved from the Host header or the admin path). */
  hubName: string;
  method: string;
  /** Path without the query string, e.g. `/jobs/v2/job-1`. */
  path: string;
  /** Values captured by the route pattern, e.g. `{ id: "job-1" }` (already URL-decoded). */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when the request has none. */
  body: unknown;
  /** The emulator clock; injectable for tests. */
  now: Date;
  /** Tracking id used in error bodies and logs. */
  trackingId: string;
}

/** What a handler answers. The pipeline serializes `body` as JSON and adds the service's standard headers. */
export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One row of the route table. `pattern` uses `{name}` placeholders, e.g. `/jobs/v2/{id}/cancel`. */
export interface RouteDefinition {
  method: "GET" | "PUT" | "POST" | "PATCH" | "DELETE";
  pattern: string;
  /** Operation name, for logs and fault injection, e.g. `jobs.create`. */
  operation: string;
  /** Permission the caller's policy must hold; with a list, any one of them will do. */
  permission: Permission | readonly Permission[];
  /** Rate-limited operation class (realistic mode only): the job operations or the queries quota. */
  throttle?: ThrottleClass;
  handle(ctx: RequestContext): Promise<HandlerResult> | HandlerResult;
}
