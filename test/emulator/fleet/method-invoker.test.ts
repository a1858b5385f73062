import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/emulator/clock.ts";
import { applyFleet } from "../../../src/emulator/fleet/apply-fleet.ts";
import { MethodInvoker, readMethodCall, type MethodCall } from "../../../src/emulator/fleet/method-invoker.ts";
import { Registry } from "../../../src/emulator/registry/registry.ts";
import { openDatabase } from "../../../src/emulator/store/database.ts";
import { DeviceStore } from "../../../src/emulator/store/device-store.ts";
import type { ServiceError } from "../../../src/emulator/service-error.ts";
import type { DatabaseSync } from "node:sqlite";

let db: DatabaseSync;
let clock: ManualClock;
let invoker: MethodInvoker;

beforeEach(() => {
  db = openDatabase(undefined);
  clock = new ManualClock("2026-03-01T00:00:00Z");
  const store = new DeviceStore(db);
  const registry = new Registry(store, clock);
  invoker = new MethodInvoker(registry, clock);
  applyFleet(db, store, clock, "hub", {
    apiVersion: "hubjobs/v1",
    kind: "Fleet",
    devices: [
      { deviceId: "fast", methods: { LockDoor: { status: 200, payload: { locked: true }, latencyMs: 2000 } } },
      { deviceId: "slow", methods: { LockDoor: { status: 200, latencyMs: 12_000 } } },
      { deviceId: "offline", connected: false, methods: { LockDoor: { status: 200 } } },
      { deviceId: "flaky", methods: { Ping: { status: 200, failureRate: 0.5, failureStatus: 503 } } },
      { deviceId: "any", methods: { "*": { status: 202 } } },
    ],
  }, { overwrite: false });
});
afterEach(() => db.close());

const call = (methodName: string, over: Partial<MethodCall> = {}): MethodCall => ({ methodName, payload: {}, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0, ...over });

/** Settles a promise into a value we can inspect while the clock is moved by hand. */
function track<T>(p: Promise<T>) {
  const state: { done: boolean; value?: T; error?: ServiceError } = { done: false };
  p.then((value) => Object.assign(state, { done: true, value }), (error) => Object.assign(state, { done: true, error }));
  return state;
}

describe("direct methods on simulated devices", () => {
  it("answers after the device's latency, on the hub clock", async () => {
    const r = track(invoker.invoke("hub", "fast", call("LockDoor")));
    await clock.advance(1999);
    expect(r.done).toBe(false);
    await clock.advance(1);
    expect(r).toMatchObject({ done: true, value: { status: 200, payload: { locked: true } } });
  });

  it("fails a device slower than the response timeout with 504101 exactly at the timeout", async () => {
    const r = track(invoker.invoke("hub", "slow", call("LockDoor", { responseTimeoutInSeconds: 10 })));
    await clock.advance(9_999);
    expect(r.done).toBe(false);
    await clock.advance(1);
    expect(r.error).toMatchObject({ status: 504, errorCode: "GatewayTimeout", numericCode: 504101 });
  });

  it("fails an offline device with 404103 DeviceNotOnline after the connect timeout", async () => {
    const r = track(invoker.invoke("hub", "offline", call("LockDoor", { connectTimeoutInSeconds: 30 })));
    await clock.advance(29_999);
    expect(r.done).toBe(false);
    await clock.advance(1);
    expect(r.error).toMatchObject({ status: 404, errorCode: "DeviceNotOnline", numericCode: 404103 });
  });

  it("fails an offline device at once when the connect timeout is 0", async () => {
    const r = track(invoker.invoke("hub", "offline", call("LockDoor")));
    await clock.advance(0);
    expect(r.error?.numericCode).toBe(404103);
  });

  it("spreads a failure rate evenly over calls", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await invoker.invoke("hub", "flaky", call("Ping"))).status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
  });

  it("answers 501 for a method the device does not implement, and uses '*' for any method", async () => {
    expect((await invoker.invoke("hub", "fast", call("Unknown"))).status).toBe(501);
    expect((await invoker.invoke("hub", "any", call("Whatever"))).status).toBe(202);
  });

  it("answers 404001 DeviceNotFound for an unknown device", async () => {
    await expect(invoker.invoke("hub", "nobody", call("LockDoor"))).rejects.toMatchObject({ numericCode: 404001 });
  });

  it("checks timeouts and payload size like the service", () => {
    expect(readMethodCall({ methodName: "m" })).toEqual({ methodName: "m", payload: null, responseTimeoutInSeconds: 30, connectTimeoutInSeconds: 0 });
    expect(() => readMethodCall({ methodName: "m", responseTimeoutInSeconds: 4 })).toThrow(/responseTimeoutInSeconds/);
    expect(() => readMethodCall({ methodName: "m", responseTimeoutInSeconds: 301 })).toThrow(/responseTimeoutInSeconds/);
    expect(() => readMethodCall({ methodName: "m", connectTimeoutInSeconds: -1 })).toThrow(/connectTimeoutInSeconds/);
    expect(() => readMethodCall({ methodName: "m", connectTimeoutInSeconds: 301 })).toThrow(/connectTimeoutInSeconds/);
    expect(() => readMethodCall({ methodName: "m", payload: "x".repeat(128 * 1024) })).toThrow(/maximum/);
    expect(() => readMethodCall({})).toThrow(/methodName/);
  });
});
