// The admin API under /_emulator (Bearer <adminKey>): hubs, fleets, faults and device simulation.
// Not part of IoT Hub; the Pulumi program's local mode uses it to "provision" a hub.
import type { HandlerResult, RequestContext } from "../http/types.ts";
import { argumentInvalid } from "../errors.ts";
import type { EmulatorAdmin, DeviceSimulationChange } from "./admin-operations.ts";

export interface AdminRoute {
  method: "GET" | "PUT" | "POST" | "PATCH" | "DELETE";
  pattern: string;
  operation: string;
  handle(ctx: RequestContext): HandlerResult | Promise<HandlerResult>;
}

export function adminRoutes(admin: EmulatorAdmin): AdminRoute[] {
  const name = (ctx: RequestContext) => ctx.params.name ?? "";
  return [
    { method: "GET", pattern: "/_emulator/hubs", operation: "admin.hubs.list", handle: () => ({ status: 200, body: admin.listHubs() }) },
    {
      method: "PUT", pattern: "/_emulator/hubs/{name}", operation: "admin.hubs.put",
      handle: (ctx) => {
        const body = (ctx.body ?? {}) as { tier?: unknown; hostName?: unknown };
        if (typeof body !== "object" || Array.isArray(body)) throw argumentInvalid("Expected {tier?, hostName?}.");
        const { hub, created } = admin.createHub(name(ctx), { tier: body.tier, hostName: body.hostName });
        return { status: created ? 201 : 200, body: hub };
      },
    },
    { method: "GET", pattern: "/_emulator/hubs/{name}", operation: "admin.hubs.get", handle: (ctx) => ({ status: 200, body: admin.getHub(name(ctx)) }) },
    {
      method: "DELETE", pattern: "/_emulator/hubs/{name}", operation: "admin.hubs.delete",
      handle: (ctx) => {
        admin.deleteHub(name(ctx));
        return { status: 204 };
      },
    },
    {
      method: "PUT", pattern: "/_emulator/hubs/{name}/fleet", operation: "admin.fleet.put",
      handle: (ctx) => {
        if (ctx.body === undefined) throw argumentInvalid("The fleet document is missing.");
        const overwrite = ctx.query.get("overwrite") !== "false";
        const result = admin.loadFleet(name(ctx), ctx.body as string, { overwrite });
        return { status: 200, body: result };
      },
    },
    { method: "GET", pattern: "/_emulator/hubs/{name}/faults", operation: "admin.faults.get", handle: (ctx) => ({ status: 200, body: { rules: admin.getFaults(name(ctx)) } }) },
    { method: "PUT", pattern: "/_emulator/hubs/{name}/faults", operation: "admin.faults.put", handle: (ctx) => ({ status: 200, body: { rules: admin.setFaults(name(ctx), ctx.body) } }) },
    {
      method: "DELETE", pattern: "/_emulator/hubs/{name}/faults", operation: "admin.faults.delete",
      handle: (ctx) => {
        admin.clearFaults(name(ctx));
        return { status: 204 };
      },
    },
    { method: "GET", pattern: "/_emulator/hubs/{name}/telemetry", operation: "admin.telemetry.get", handle: (ctx) => ({ status: 200, body: admin.telemetry(name(ctx)) }) },
    {
      method: "PATCH", pattern: "/_emulator/hubs/{name}/devices/{id}", operation: "admin.devices.simulate",
      handle: (ctx) => {
        const body = ctx.body as DeviceSimulationChange | undefined;
        if (!body || typeof body !== "object") throw argumentInvalid("Expected {connected?, reported?, methods?}.");
        admin.simulateDevice(name(ctx), ctx.params.id ?? "", body);
        return { status: 204 };
      },
    },
  ];
}
