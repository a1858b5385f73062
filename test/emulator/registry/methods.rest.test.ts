import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/emulator/clock.ts";
import { errorCode, startTestHub, type TestHub } from "../helpers.ts";

let hub: TestHub;
const clock = new ManualClock("2026-05-01T00:00:00Z");
beforeAll(async () => {
  hub = await startTestHub({ clock, fleet: "fleets/dev.yaml" });
});
afterAll(async () => { await hub.close(); });

/** Moves the hub clock until the HTTP answer arrives (the request needs real I/O between steps). */
async function driveClock<T>(pending: Promise<T>, stepMs: number): Promise<{ value: T; elapsedMs: number }> {
  let done = false;
  void pending.finally(() => { done = true; });
  const start = clock.now().getTime();
  while (!done) {
    await new Promise((r) => setTimeout(r, 2));
    if (!done) await clock.advance(stepMs);
  }
  return { value: await pending, elapsedMs: clock.now().getTime() - start };
}

const invoke = (deviceId: string, body: object) => hub.call("POST", `/twins/${deviceId}/methods`, { body });

describe("POST /twins/{id}/methods against the dev fleet", () => {
  it("Device-1 implements LockDoor with status 200", async () => {
    const { value: res } = await driveClock(invoke("Device-1", { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 5 }), 50);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 200, payload: { locked: true } });
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });

  it("a device answering an error status is still a 200 from the hub, carrying the device's status", async () => {
    const { value: res } = await driveClock(invoke("Device-3", { methodName: "LockDoor", responseTimeoutInSeconds: 5 }), 50);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(500);
  });

  it("an offline device answers 404 DeviceNotOnline once the connect timeout has passed", async () => {
    const { value: res, elapsedMs } = await driveClock(invoke("Device-4", { methodName: "LockDoor", responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 5 }), 1000);
    expect(res.status).toBe(404);
    expect(errorCode(res.body)).toBe("DeviceNotOnline");
    expect(elapsedMs).toBeGreaterThanOrEqual(5000);
  });

  it("a device slower than the response timeout answers 504 GatewayTimeout", async () => {
    const { value: res, elapsedMs } = await driveClock(invoke("Device-5", { methodName: "LockDoor", responseTimeoutInSeconds: 5 }), 1000);
    expect(res.status).toBe(504);
    expect(errorCode(res.body)).toBe("GatewayTimeout");
    expect(elapsedMs).toBeGreaterThanOrEqual(5000);
  });

  it("refuses bad timeouts with 400 and unknown devices with 404 DeviceNotFound", async () => {
    const bad = await invoke("Device-1", { methodName: "LockDoor", responseTimeoutInSeconds: 1 });
    expect(bad.status).toBe(400);
    expect(errorCode(bad.body)).toBe("ArgumentInvalid");
    const missing = await invoke("Nobody", { methodName: "LockDoor", responseTimeoutInSeconds: 5 });
    expect(missing.status).toBe(404);
    expect(errorCode(missing.body)).toBe("DeviceNotFound");
  });

  it("follows the admin API connecting a device", async () => {
    hub.admin.simulateDevice(hub.hubName, "Device-4", { connected: true });
    const { value: res } = await driveClock(invoke("Device-4", { methodName: "LockDoor", responseTimeoutInSeconds: 5 }), 50);
    expect(res.body.status).toBe(200);
    hub.admin.simulateDevice(hub.hubName, "Device-4", { connected: false });
  });
});
