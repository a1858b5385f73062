// The follower on its own, over the registry and a manual clock: more devices than one batch, and
// desired writes that change nothing the device applies.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseSync } from "node:sqlite";
import { ManualClock } from "../../../src/emulator/clock.ts";
import { applyFleet } from "../../../src/emulator/fleet/apply-fleet.ts";
import { DesiredFollower } from "../../../src/emulator/fleet/desired-follower.ts";
import { Registry } from "../../../src/emulator/registry/registry.ts";
import { openDatabase } from "../../../src/emulator/store/database.ts";
import { DeviceStore } from "../../../src/emulator/store/device-store.ts";

let db: DatabaseSync;
let clock: ManualClock;
let registry: Registry;
let follower: DesiredFollower;

beforeEach(() => {
  db = openDatabase(undefined);
  clock = new ManualClock("2026-03-01T00:00:00Z");
  registry = new Registry(new DeviceStore(db), clock);
  follower = new DesiredFollower(db, registry, clock);
  registry.onDesiredWritten = (hub, record, before) => follower.desiredChanged(hub, record, before);
  applyFleet(db, registry.store, clock, "hub", {
    apiVersion: "hubjobs/v1",
    kind: "Fleet",
    generate: [
      { idPrefix: "s-", count: 2500, followDesired: { after: "5s", keys: ["interval"] } },
      { idPrefix: "late-", count: 3, followDesired: { after: "1m" } },
    ],
  }, { overwrite: false });
});
afterEach(() => {
  follower.close();
  db.close();
});

const reported = (id: string) => registry.get("hub", id).twin;

describe("DesiredFollower", () => {
  it("reports for more devices than one batch when their delay has passed, each once", async () => {
    for (let i = 1; i <= 2500; i++) registry.patchTwin("hub", `s-${String(i).padStart(4, "0")}`, { properties: { desired: { interval: 30 } } });
    await clock.advance(4_999);
    expect(reported("s-2500").reported.interval).toBeUndefined();
    await clock.advance(1);
    for (const id of ["s-0001", "s-1000", "s-1001", "s-2500"]) {
      expect(reported(id).reported).toEqual({ interval: 30 });
      expect(reported(id).reportedVersion).toBe(2);
    }
  });

  it("reports nothing for a desired write that changes no key the device applies", async () => {
    registry.patchTwin("hub", "s-0001", { properties: { desired: { colour: "red" } } });
    registry.patchTwin("hub", "late-1", { properties: { desired: { colour: "red" } } });
    await clock.advance(60_000);
    expect(reported("s-0001").reportedVersion).toBe(1);
    expect(reported("late-1").reported).toEqual({ colour: "red" });
    registry.patchTwin("hub", "late-1", { properties: { desired: { colour: "red" } } });
    await clock.advance(60_000);
    expect(reported("late-1").reportedVersion).toBe(2);
  });

  it("keeps delays apart: each queue fires on its own time", async () => {
    registry.patchTwin("hub", "late-2", { properties: { desired: { a: 1 } } });
    await clock.advance(1_000);
    registry.patchTwin("hub", "s-0002", { properties: { desired: { interval: 10 } } });
    await clock.advance(5_000);
    expect(reported("s-0002").reported.interval).toBe(10);
    expect(reported("late-2").reported.a).toBeUndefined();
    await clock.advance(54_000);
    expect(reported("late-2").reported.a).toBe(1);
  });

  it("leaves a device with a real connection to report for itself", async () => {
    follower.live = { isConnected: (_hub, deviceId) => deviceId === "s-0003" };
    registry.patchTwin("hub", "s-0003", { properties: { desired: { interval: 10 } } });
    registry.patchTwin("hub", "s-0004", { properties: { desired: { interval: 10 } } });
    await clock.advance(5_000);
    expect(reported("s-0003").reportedVersion).toBe(1);
    expect(reported("s-0004").reported.interval).toBe(10);
  });
});
