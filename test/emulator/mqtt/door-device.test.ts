// examples/door-device against the embedded hub: LockDoor and UnlockDoor change the reported
// `doorLocked`, and the desired `telemetryInterval` sets how often it sends telemetry.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDoorDevice, type RunningDoor } from "../../../examples/door-device/door-app.ts";
import { startTestHub, type TestHub } from "../helpers.ts";
import { deviceKey, testConnectionString, waitFor } from "./device-clients.ts";

let hub: TestHub;
let door: RunningDoor;

beforeAll(async () => {
  hub = await startTestHub({ mqttPort: 0 });
  const key = await deviceKey(hub, "Front-Door");
  door = await startDoorDevice(testConnectionString(hub, "Front-Door", key), { ca: readFileSync(hub.certPath!, "utf8"), log: () => {} });
  await new Promise((r) => setTimeout(r, 200));
}, 30_000);

afterAll(async () => {
  await door?.close();
  await hub?.close();
});

const reported = async () => (await hub.call("GET", "/twins/Front-Door")).body.properties.reported;

describe("examples/door-device", () => {
  it("locks and unlocks on LockDoor / UnlockDoor and reports doorLocked", async () => {
    expect(await reported()).toMatchObject({ doorLocked: false });
    const lock = await hub.call("POST", "/twins/Front-Door/methods", { body: { methodName: "LockDoor", payload: { reason: "test" }, responseTimeoutInSeconds: 5 } });
    expect(lock.body).toEqual({ status: 200, payload: { locked: true } });
    expect(await reported()).toMatchObject({ doorLocked: true });
    const unlock = await hub.call("POST", "/twins/Front-Door/methods", { body: { methodName: "UnlockDoor", responseTimeoutInSeconds: 5 } });
    expect(unlock.body).toEqual({ status: 200, payload: { locked: false } });
    expect(await reported()).toMatchObject({ doorLocked: false });
  });

  it("applies telemetryInterval from desired properties, acknowledges it and sends telemetry at that pace", async () => {
    await hub.call("PATCH", "/twins/Front-Door", { body: { properties: { desired: { telemetryInterval: 1 } } } });
    await waitFor(() => door.state.telemetryIntervalSeconds === 1, "the new interval in the app");
    await waitFor(async () => (await reported()).telemetryInterval === 1, "the acknowledged interval");
    await waitFor(() => hub.admin.telemetry(hub.hubName).devices["Front-Door"]! >= 1, "telemetry at the new interval", 5_000);
  });
});
