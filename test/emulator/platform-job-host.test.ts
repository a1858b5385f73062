// The platform's JobHost, as the job engine sees it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseSync } from "node:sqlite";
import { ManualClock } from "../../src/emulator/clock.ts";
import { applyFleet } from "../../src/emulator/fleet/apply-fleet.ts";
import { MethodInvoker } from "../../src/emulator/fleet/method-invoker.ts";
import { HubManager } from "../../src/emulator/hub-manager.ts";
import { createPlatformJobHost } from "../../src/emulator/platform-job-host.ts";
import type { JobHost } from "../../src/emulator/jobs/job-host.ts";
import { Registry } from "../../src/emulator/registry/registry.ts";
import { openDatabase } from "../../src/emulator/store/database.ts";
import { DeviceStore } from "../../src/emulator/store/device-store.ts";
import { HubStore } from "../../src/emulator/store/hub-store.ts";

let db: DatabaseSync;
let registry: Registry;
const clock = new ManualClock();

function host(realisticLimits: boolean): JobHost {
  const hubs = new HubStore(db);
  const store = new DeviceStore(db);
  registry = new Registry(store, clock);
  const manager = new HubManager(hubs, store, clock);
  manager.ensure("hub-s1", { tier: "S1" });
  manager.ensure("hub-s3", { tier: "S3" });
  applyFleet(db, store, clock, "hub-s1", {
    apiVersion: "hubjobs/v1", kind: "Fleet",
    devices: [
      { deviceId: "a", tags: { building: "43" } },
      { deviceId: "b", tags: { building: "44" } },
      { deviceId: "c", tags: { building: "43" }, connected: false, methods: { Ping: { status: 200 } } },
    ],
  }, { overwrite: false });
  return createPlatformJobHost({ clock, hubs, registry, invoker: new MethodInvoker(registry, clock), realisticLimits });
}

beforeEach(() => { db = openDatabase(undefined); });
afterEach(() => db.close());

describe("platform JobHost", () => {
  it("hands out operations and the clock, never the database", () => {
    const h = host(false);
    expect(Object.values(h).some((v) => v === db)).toBe(false);
    expect(Object.keys(h).sort()).toEqual(["clock", "deviceOpsPerSecond", "invokeMethod", "matchDeviceIds", "patchTwin", "tierOf"]);
  });

  it("knows each hub's tier and refuses unknown hubs", () => {
    const h = host(false);
    expect(h.tierOf("hub-s1")).toBe("S1");
    expect(h.tierOf("hub-s3")).toBe("S3");
    expect(() => h.tierOf("nope")).toThrow(/not found/);
  });

  it("matches device ids by condition, * for all, and refuses a bad condition with 400", () => {
    const h = host(false);
    expect(h.matchDeviceIds("hub-s1", "tags.building = '43'")).toEqual(["a", "c"]);
    expect(h.matchDeviceIds("hub-s1", "*")).toEqual(["a", "b", "c"]);
    expect(h.matchDeviceIds("hub-s3", "*")).toEqual([]);
    expect(() => h.matchDeviceIds("hub-s1", "tags.building = ")).toThrow(expect.objectContaining({ status: 400, errorCode: "ArgumentInvalid" }));
  });

  it("patches twins with merge semantics and the twin limits", () => {
    const h = host(false);
    h.patchTwin("hub-s1", "a", { tags: { building: null, floor: "3" }, properties: { desired: { x: 1 } } });
    const twin = registry.get("hub-s1", "a").twin;
    expect(twin.tags).toEqual({ floor: "3" });
    expect(twin.desired).toEqual({ x: 1 });
    expect(twin.version).toBe(2);
    expect(() => h.patchTwin("hub-s1", "a", { tags: { "bad.key": 1 } })).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => h.patchTwin("hub-s1", "zzz", { tags: {} })).toThrow(expect.objectContaining({ numericCode: 404001 }));
  });

  it("invokes methods on the simulated devices", async () => {
    const h = host(false);
    await expect(h.invokeMethod("hub-s1", "c", { methodName: "Ping", payload: null, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 }))
      .rejects.toMatchObject({ numericCode: 404103 });
  });

  it("gives the tier's device-operation rate only in realistic mode", () => {
    expect(host(false).deviceOpsPerSecond("hub-s1")).toBeUndefined();
    const realistic = host(true);
    expect(realistic.deviceOpsPerSecond("hub-s1")).toBe(10);
    expect(realistic.deviceOpsPerSecond("hub-s3")).toBe(50);
  });
});
