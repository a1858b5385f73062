// The service routes the platform owns: device identities, twins, twin queries and direct methods.
// Each handler only translates between HTTP and the Registry / MethodInvoker; the rules live there.
// Permissions follow Microsoft's documentation: the identity registry needs RegistryRead (reads) or
// RegistryWrite (writes); twins and direct methods need ServiceConnect.
import type { Query } from "../../query/index.ts";
import type { HandlerResult, RequestContext, RouteDefinition } from "../http/types.ts";
import { readPageRequest, takePage } from "../http/paging.ts";
import type { MethodInvoker } from "../fleet/method-invoker.ts";
import { readMethodCall } from "../fleet/method-invoker.ts";
import { deviceDocument, twinDocument } from "../twin/twin-document.ts";
import { quoteEtag } from "./etag-match.ts";
import type { Registry } from "./registry.ts";
import { parseTwinQuery, queryTwins, streamMatchingTwins } from "./twin-query.ts";

export interface ServiceRouteDeps {
  registry: Registry;
  invoker: MethodInvoker;
  /** `FROM devices.jobs` is answered by the job engine. */
  queryDeviceJobs(hubName: string, query: Query): unknown[];
}

export function serviceRoutes(deps: ServiceRouteDeps): RouteDefinition[] {
  const { registry, invoker } = deps;
  return [
    {
      // Registry list (Microsoft's classic samples call it through `registry.list()`). The service
      // answers a bare array of Device identities, at most `top` of them, without paging headers.
      method: "GET", pattern: "/devices", operation: "devices.list", permission: "RegistryRead",
      handle: (ctx) => ({ status: 200, body: firstDevices(registry, ctx.hubName, readTop(ctx.query.get("top"))) }),
    },
    {
      method: "GET", pattern: "/devices/{id}", operation: "devices.get", permission: "RegistryRead",
      handle: (ctx) => {
        const record = registry.get(ctx.hubName, id(ctx));
        return withEtag(200, deviceDocument(record), record.identity.etag);
      },
    },
    {
      method: "PUT", pattern: "/devices/{id}", operation: "devices.put", permission: "RegistryWrite",
      handle: (ctx) => {
        const { record } = registry.putDevice(ctx.hubName, id(ctx), ctx.body, ctx.headers["if-match"]);
        return withEtag(200, deviceDocument(record), record.identity.etag);
      },
    },
    {
      method: "DELETE", pattern: "/devices/{id}", operation: "devices.delete", permission: "RegistryWrite",
      handle: (ctx) => {
        registry.deleteDevice(ctx.hubName, id(ctx), ctx.headers["if-match"]);
        return { status: 204 };
      },
    },
    {
      method: "GET", pattern: "/twins/{id}", operation: "twins.get", permission: "ServiceConnect",
      handle: (ctx) => twinResult(twinDocument(registry.get(ctx.hubName, id(ctx)))),
    },
    {
      method: "PUT", pattern: "/twins/{id}", operation: "twins.replace", permission: "ServiceConnect",
      handle: (ctx) => twinResult(twinDocument(registry.writeTwin(ctx.hubName, id(ctx), ctx.body, "replace", ctx.headers["if-match"]))),
    },
    {
      method: "PATCH", pattern: "/twins/{id}", operation: "twins.update", permission: "ServiceConnect",
      handle: (ctx) => twinResult(twinDocument(registry.writeTwin(ctx.hubName, id(ctx), ctx.body, "patch", ctx.headers["if-match"]))),
    },
    {
      // Microsoft documents queries under ServiceConnect ("run queries") and authorizes them as twin
      // reads under Entra; job clients with registry rights query `devices.jobs`: either will do.
      // Every request counts against the queries quota (realistic mode), whatever the collection,
      // and so does each further page: a continuation is another query request.
      method: "POST", pattern: "/devices/query", operation: "devices.query", permission: ["RegistryRead", "ServiceConnect"],
      throttle: "queries",
      handle: (ctx) => {
        const query = parseTwinQuery((ctx.body as { query?: unknown } | undefined)?.query);
        const request = readPageRequest(ctx.headers);
        const rows = query.from === "devices.jobs" ? deps.queryDeviceJobs(ctx.hubName, query)
          : query.from === "devices.modules" ? [] // the emulator hosts no module identities
          : query.select === "*" ? streamMatchingTwins(registry.store, ctx.hubName, query)
          : queryTwins(registry.store, ctx.hubName, query);
        const page = takePage(rows, request);
        const headers: Record<string, string> = { "x-ms-item-type": itemType(query) };
        if (page.continuation) headers["x-ms-continuation"] = page.continuation;
        return { status: 200, body: page.items, headers };
      },
    },
    {
      method: "POST", pattern: "/twins/{id}/methods", operation: "twins.invokeMethod", permission: "ServiceConnect",
      handle: async (ctx) => {
        const call = readMethodCall(ctx.body);
        return { status: 200, body: await invoker.invoke(ctx.hubName, id(ctx), call) };
      },
    },
  ];
}

/** The spec: "Any value outside the range of 1-1000 is considered to be 1000" (absent too). */
export const MAX_DEVICE_LIST = 1000;

export function readTop(raw: string | null): number {
  if (raw === null || raw.trim() === "" || !/^-?\d+$/.test(raw.trim())) return MAX_DEVICE_LIST;
  const n = Number(raw.trim());
  return n >= 1 && n <= MAX_DEVICE_LIST ? n : MAX_DEVICE_LIST;
}

function firstDevices(registry: Registry, hub: string, top: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const record of registry.store.iterateTwins(hub)) {
    out.push(deviceDocument(record));
    if (out.length >= top) break;
  }
  return out;
}

function id(ctx: RequestContext): string {
  return ctx.params.id ?? "";
}

function withEtag(status: number, body: unknown, etag: string): HandlerResult {
  return { status, body, headers: { ETag: quoteEtag(etag) } };
}

function twinResult(twin: Record<string, unknown>): HandlerResult {
  return withEtag(200, twin, String(twin.etag));
}

/** The service's `x-ms-item-type`: `twin` and `deviceJob` for whole rows, `raw` for projections and aggregates. */
function itemType(query: Query): string {
  if (query.select !== "*") return "raw";
  return query.from === "devices.jobs" ? "deviceJob" : "twin";
}
