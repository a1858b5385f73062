// Which shared access policy may call which route, as Microsoft documents the rights: RegistryRead
// reads the identity registry, RegistryWrite writes it; ServiceConnect reaches twins and direct
// methods; queries are allowed to ServiceConnect ("run queries") and to registry readers (job
// clients query devices.jobs); jobs need registry read (get, list) and write (create, cancel).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobRoutes } from "../../../src/emulator/jobs/job-routes.ts";
import type { JobEngineCore } from "../../../src/emulator/jobs/job-engine.ts";
import type { RouteDefinition } from "../../../src/emulator/http/types.ts";
import { serviceRoutes, type ServiceRouteDeps } from "../../../src/emulator/registry/service-routes.ts";
import { errorCode, startTestHub, type TestHub } from "../helpers.ts";

type Policy = "iothubowner" | "service" | "device" | "registryRead" | "registryReadWrite";
const POLICIES: Policy[] = ["iothubowner", "service", "device", "registryRead", "registryReadWrite"];
const REGISTRY_READERS: Policy[] = ["iothubowner", "registryRead", "registryReadWrite"];
const REGISTRY_WRITERS: Policy[] = ["iothubowner", "registryReadWrite"];
const SERVICE: Policy[] = ["iothubowner", "service"];

interface Row {
  route: string;
  allowed: Policy[];
  call: { method: string; path: string; body?: unknown };
}

const ROWS: Row[] = [
  { route: "GET /devices", allowed: REGISTRY_READERS, call: { method: "GET", path: "/devices" } },
  { route: "GET /devices/{id}", allowed: REGISTRY_READERS, call: { method: "GET", path: "/devices/Device-1" } },
  { route: "PUT /devices/{id}", allowed: REGISTRY_WRITERS, call: { method: "PUT", path: "/devices/perm-new", body: { deviceId: "other" } } },
  { route: "DELETE /devices/{id}", allowed: REGISTRY_WRITERS, call: { method: "DELETE", path: "/devices/perm-missing" } },
  { route: "GET /twins/{id}", allowed: SERVICE, call: { method: "GET", path: "/twins/Device-1" } },
  { route: "PUT /twins/{id}", allowed: SERVICE, call: { method: "PUT", path: "/twins/perm-missing", body: {} } },
  { route: "PATCH /twins/{id}", allowed: SERVICE, call: { method: "PATCH", path: "/twins/perm-missing", body: {} } },
  {
    route: "POST /devices/query",
    allowed: ["iothubowner", "service", "registryRead", "registryReadWrite"],
    call: { method: "POST", path: "/devices/query", body: { query: "SELECT * FROM devices" } },
  },
  { route: "POST /twins/{id}/methods", allowed: SERVICE, call: { method: "POST", path: "/twins/perm-missing/methods", body: { methodName: "x" } } },
  { route: "GET /jobs/v2/query", allowed: REGISTRY_READERS, call: { method: "GET", path: "/jobs/v2/query" } },
  { route: "GET /jobs/v2/{id}", allowed: REGISTRY_READERS, call: { method: "GET", path: "/jobs/v2/perm-job" } },
  { route: "PUT /jobs/v2/{id}", allowed: REGISTRY_WRITERS, call: { method: "PUT", path: "/jobs/v2/perm-job", body: { type: "nope" } } },
  { route: "POST /jobs/v2/{id}/cancel", allowed: REGISTRY_WRITERS, call: { method: "POST", path: "/jobs/v2/perm-job/cancel" } },
];

function allRoutes(): RouteDefinition[] {
  const deps = { registry: {}, invoker: {}, queryDeviceJobs: () => [] } as unknown as ServiceRouteDeps;
  return [...serviceRoutes(deps), ...jobRoutes({} as JobEngineCore)];
}

describe("the route table", () => {
  it("has exactly one permission row per service route", () => {
    expect(allRoutes().map((r) => `${r.method} ${r.pattern}`).sort()).toEqual(ROWS.map((r) => r.route).sort());
  });
});

describe("permissions on the wire", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    hub.admin.loadFleet(hub.hubName, { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "Device-1" }] });
  });
  afterAll(async () => { await hub.close(); });

  for (const row of ROWS) {
    it(`${row.route}: ${row.allowed.join(", ")}`, async () => {
      for (const policy of POLICIES) {
        const res = await hub.call(row.call.method, row.call.path, { policy, ...(row.call.body !== undefined ? { body: row.call.body } : {}) });
        if (row.allowed.includes(policy)) {
          expect(res.status, `${policy} on ${row.route}`).not.toBe(401);
        } else {
          expect(res.status, `${policy} on ${row.route}`).toBe(401);
          expect(errorCode(res.body)).toBe("IotHubUnauthorizedAccess");
        }
      }
    });
  }
});
