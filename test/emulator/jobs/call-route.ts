// Calls the engine's route handlers the way the emulator's pipeline does: match the pattern with the
// pipeline's own RouteTable, build a RequestContext, and turn a thrown ServiceError into the status
// and code it would send.
import { RouteTable } from "../../../src/emulator/http/route-table.ts";
import type { RequestContext, RouteDefinition } from "../../../src/emulator/http/types.ts";
import { ServiceError } from "../../../src/emulator/service-error.ts";

export interface RouteAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  /** The service error code name when the handler refused. */
  errorCode?: string;
  errorMessage?: string;
}

let tracking = 0;

export async function callRoute(
  routes: readonly RouteDefinition[],
  method: RequestContext["method"],
  pathAndQuery: string,
  options: { body?: unknown; headers?: Record<string, string>; hubName?: string; now?: Date } = {},
): Promise<RouteAnswer> {
  const url = new URL(pathAndQuery, "http://hub.localhost");
  const found = new RouteTable(routes).match(method, url.pathname);
  if (found.kind !== "found") throw new Error(`no route for ${method} ${url.pathname}`);
  const ctx: RequestContext = {
    hubName: options.hubName ?? "hub1",
    method,
    path: url.pathname,
    params: found.params,
    query: url.searchParams,
    headers: options.headers ?? {},
    body: options.body,
    now: options.now ?? new Date(),
    trackingId: `t-${++tracking}`,
  };
  try {
    const result = await found.route.handle(ctx);
    return { status: result.status, body: result.body, headers: result.headers ?? {} };
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    return { status: e.status, body: e.toBody(ctx.trackingId, ctx.now), headers: {}, errorCode: e.errorCode, errorMessage: e.message };
  }
}
