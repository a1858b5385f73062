// The request pipeline, one stage per step, in the order the service applies them:
//   1. context       tracking id, URL, body bytes
//   2. admin         /_emulator/* goes to the admin API (Bearer admin key), never to a hub;
//                    GET /_emulator/identity (pid, data directory) needs no key
//   3. hub           which hub: Host header, else the SAS token's `sr`, else the only hub
//   4. route         the route table (404 unknown path, 405 known path with another method)
//   5. api-version   required on service routes, checked against the versions the service knows
//   6. auth          SAS signature/expiry/policy/rights (or an Entra bearer token when enabled)
//   6b. throttle     realistic mode: the tier's operation rates (job operations, queries) -> 429 ThrottlingException
//   7. faults        injected 429/503/slow/drop for testing clients
//   8. dispatch      JSON body, handler
//   9. errors        ServiceError -> the service's body and status; anything else -> 500 ServerError
// Handlers never touch the socket; they return a HandlerResult or throw a ServiceError.
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AdminRoute } from "../admin/admin-routes.ts";
import { IDENTITY_PATH, type EmulatorIdentity } from "../admin/identity.ts";
import { checkBearerToken } from "../auth/bearer-token.ts";
import { grantsRoute } from "../auth/policies.ts";
import { parseSasToken, resourceHost, verifySasToken } from "../auth/sas-token.ts";
import type { Clock } from "../clock.ts";
import * as errors from "../errors.ts";
import type { FaultInjector } from "../faults/fault-injector.ts";
import { ServiceError } from "../service-error.ts";
import type { HubRecord, HubStore } from "../store/hub-store.ts";
import type { OperationThrottle } from "./operation-throttle.ts";
import type { RouteTable } from "./route-table.ts";
import type { HandlerResult, RequestContext, RouteDefinition } from "./types.ts";

/** api-versions of the service data plane the emulator answers (the OpenAPI it follows is 2021-04-12). */
export const SUPPORTED_API_VERSIONS = new Set([
  "2018-06-30", "2019-03-30", "2019-10-01", "2020-03-13", "2020-05-31-preview", "2020-09-30", "2021-04-12",
]);

const MAX_BODY_BYTES = 1024 * 1024;
const JSON_TYPE = "application/json; charset=utf-8";

export interface PipelineDeps {
  hubs: HubStore;
  routes: RouteTable<RouteDefinition>;
  adminRoutes: RouteTable<AdminRoute>;
  clock: Clock;
  faults: FaultInjector;
  adminKey: string;
  acceptBearerTokens: boolean;
  /** Realistic mode only: the service's operation rate limits. Absent = no rate limits. */
  throttle?: OperationThrottle | undefined;
  log?: ((line: string) => void) | undefined;
  /** Answered without a key at GET /_emulator/identity; absent = that route is not served. */
  identity?: EmulatorIdentity | undefined;
}

export function createPipeline(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(deps, req, res);
  };
}

async function handle(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // 1. context
  const started = performance.now();
  const trackingId = randomUUID().replace(/-/g, "").toUpperCase();
  const url = new URL(req.url ?? "/", "http://emulator");
  const method = (req.method ?? "GET").toUpperCase();
  let hubName = "-";
  let operation = "-";
  let result: HandlerResult;
  try {
    const raw = await readBody(req);
    if (method === "GET" && url.pathname === IDENTITY_PATH && deps.identity) {
      // 2. admin, the one route without a key: which emulator this is
      operation = "admin.identity";
      result = { status: 200, body: deps.identity };
    } else if (url.pathname === "/_emulator" || url.pathname.startsWith("/_emulator/")) {
      // 2. admin
      operation = "admin";
      const admin = await handleAdmin(deps, req, method, url, raw, trackingId);
      operation = admin.operation;
      result = admin.result;
    } else {
      // 3. hub
      const sas = parseSasToken(headerValue(req.headers.authorization) ?? "");
      const hub = resolveHub(deps.hubs, req.headers.host, sas ? resourceHost(sas.resourceUri) : undefined);
      hubName = hub.name;
      // 4. route
      const match = deps.routes.match(method, url.pathname);
      if (match.kind === "none") throw errors.routeNotFound(method, url.pathname);
      if (match.kind === "wrong-method") throw errors.methodNotAllowed(method, url.pathname);
      const route = match.route;
      operation = route.operation;
      // 5. api-version
      const apiVersion = url.searchParams.get("api-version");
      if (!apiVersion || !SUPPORTED_API_VERSIONS.has(apiVersion)) throw errors.invalidProtocolVersion(apiVersion);
      // 6. auth
      authenticate(deps, req, hub, route);
      // 6b. throttle
      if (deps.throttle && route.throttle && !deps.throttle.tryTake(hub.name, hub.tier, route.throttle, deps.clock.now().getTime())) {
        throw errors.throttlingException();
      }
      // 7. faults
      const fault = deps.faults.decide(hub.name, route.operation);
      if (fault) {
        if (fault.delayMs > 0) await realDelay(fault.delayMs);
        if (fault.fault === "drop") {
          req.socket.destroy();
          log(deps, method, url.pathname, "DROP", started, hubName, operation);
          return;
        }
        if (fault.fault === "throttle") throw errors.throttlingException();
        if (fault.fault === "unavailable") throw errors.serviceUnavailable();
      }
      // 8. dispatch
      const ctx: RequestContext = {
        hubName: hub.name,
        method,
        path: url.pathname,
        params: match.params,
        query: url.searchParams,
        headers: req.headers,
        body: parseJsonBody(raw),
        now: deps.clock.now(),
        trackingId,
      };
      result = await route.handle(ctx);
    }
  } catch (err) {
    // 9. errors
    result = errorResult(err, trackingId, deps.clock.now(), deps.log);
  }
  write(res, result);
  log(deps, method, url.pathname + (url.search ? url.search : ""), String(result.status), started, hubName, operation);
}

/** Admin requests: Bearer admin key; a body that is not JSON is passed on as text (YAML fleets). */
async function handleAdmin(
  deps: PipelineDeps, req: IncomingMessage, method: string, url: URL, raw: Buffer, trackingId: string,
): Promise<{ operation: string; result: HandlerResult }> {
  const auth = headerValue(req.headers.authorization) ?? "";
  const given = Buffer.from(auth.replace(/^Bearer\s+/i, ""));
  const expected = Buffer.from(deps.adminKey);
  if (!/^Bearer\s+/i.test(auth) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw errors.iotHubUnauthorizedAccess("Unauthorized: the admin API needs 'Authorization: Bearer <admin key>'.");
  }
  const match = deps.adminRoutes.match(method, url.pathname);
  if (match.kind === "none") throw errors.routeNotFound(method, url.pathname);
  if (match.kind === "wrong-method") throw errors.methodNotAllowed(method, url.pathname);
  const text = raw.toString("utf8");
  let body: unknown;
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const ctx: RequestContext = {
    hubName: match.params.name ?? "",
    method,
    path: url.pathname,
    params: match.params,
    query: url.searchParams,
    headers: req.headers,
    body,
    now: deps.clock.now(),
    trackingId,
  };
  return { operation: match.route.operation, result: await match.route.handle(ctx) };
}

/** Host header (port stripped) against hub host names, then the token's resource host, then the only hub. */
function resolveHub(hubs: HubStore, hostHeader: string | undefined, tokenHost: string | undefined): HubRecord {
  const host = (hostHeader ?? "").replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
  const byHost = host ? hubs.byHostName(host) : undefined;
  if (byHost) return byHost;
  const byToken = tokenHost ? hubs.byHostName(tokenHost) : undefined;
  if (byToken) return byToken;
  const all = hubs.list();
  if (all.length === 1) return all[0]!;
  // Several hubs and nothing names one: without a token this is plainly unauthorized.
  if (!tokenHost) throw errors.iotHubUnauthorizedAccess();
  throw errors.iotHubNotFound(tokenHost);
}

function authenticate(deps: PipelineDeps, req: IncomingMessage, hub: HubRecord, route: RouteDefinition): void {
  const header = headerValue(req.headers.authorization);
  if (!header) throw errors.iotHubUnauthorizedAccess();
  const now = deps.clock.now();
  if (/^Bearer\s+/i.test(header)) {
    if (!deps.acceptBearerTokens) throw errors.iotHubUnauthorizedAccess();
    const check = checkBearerToken(header.replace(/^Bearer\s+/i, ""), now);
    if (!check.ok) throw errors.iotHubUnauthorizedAccess();
    return; // Entra roles are not modelled: a valid token for the audience may do everything.
  }
  const token = parseSasToken(header);
  if (!token) throw errors.iotHubUnauthorizedAccess();
  const verified = verifySasToken(token, hub.hostName, hub.policies, now);
  if (!verified.ok) throw errors.iotHubUnauthorizedAccess();
  if (!grantsRoute(verified.policy.rights, route.permission)) throw errors.iotHubUnauthorizedAccess();
}

function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw errors.argumentInvalid("The request body is not valid JSON.");
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => (tooLarge ? reject(errors.messageTooLarge(`The request body exceeds ${MAX_BODY_BYTES} bytes.`)) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

function errorResult(err: unknown, trackingId: string, now: Date, logLine: PipelineDeps["log"]): HandlerResult {
  const error = err instanceof ServiceError ? err : errors.serverError();
  if (!(err instanceof ServiceError)) logLine?.(`internal error ${trackingId}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  // The service names the error code in a header too; some clients read it from there.
  return { status: error.status, body: error.toBody(trackingId, now), headers: { "iothub-errorcode": error.errorCode } };
}

function write(res: ServerResponse, result: HandlerResult): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...result.headers };
  if (result.body === undefined || result.status === 204) {
    res.writeHead(result.status, { ...headers, "Content-Length": "0" });
    res.end();
    return;
  }
  const payload = Buffer.from(JSON.stringify(result.body), "utf8");
  res.writeHead(result.status, { ...headers, "Content-Type": JSON_TYPE, "Content-Length": String(payload.length) });
  res.end(payload);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Injected slowness is wall-clock time: it is there to exercise real client timeouts. */
function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function log(deps: PipelineDeps, method: string, path: string, status: string, started: number, hub: string, operation: string): void {
  deps.log?.(`${method} ${path} ${status} ${(performance.now() - started).toFixed(1)}ms hub=${hub} op=${operation}`);
}
