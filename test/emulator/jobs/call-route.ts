// Calls the engine's route handlers the way the emulator's pipeline does: match the pattern,
// build a RequestContext, and turn a thrown ServiceError into the status and code it would send.
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
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = match(route.pattern, url.pathname);
    if (!params) continue;
    const ctx: RequestContext = {
      hubName: options.hubName ?? "hub1",
      method,
      path: url.pathname,
      params,
      query: url.searchParams,
      headers: options.headers ?? {},
      body: options.body,
      now: options.now ?? new Date(),
      trackingId: `t-${++tracking}`,
    };
    try {
      const result = await route.handle(ctx);
      return { status: result.status, body: result.body, headers: result.headers ?? {} };
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e;
      return { status: e.status, body: e.toBody(ctx.trackingId, ctx.now), headers: {}, errorCode: e.errorCode, errorMessage: e.message };
    }
  }
  throw new Error(`no route for ${method} ${url.pathname}`);
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith("{") && w.endsWith("}")) params[w.slice(1, -1)] = decodeURIComponent(g);
    else if (w !== g) return undefined;
  }
  return params;
}
