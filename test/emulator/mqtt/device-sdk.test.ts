// The official Node device SDK (azure-iot-device + azure-iot-device-mqtt) against the embedded hub's
// MQTT-over-TLS endpoint: it connects with a registry key, receives direct methods, reads its twin,
// reports properties a query then finds, receives a twin job's desired patch and sends telemetry.
import type { Client, DeviceMethodRequest, DeviceMethodResponse } from "azure-iot-device";
import { Message } from "azure-iot-device";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextName, startTestHub, type TestHub } from "../helpers.ts";
import { deviceKey, openSdkDevice, reportProperties, testConnectionString, waitFor } from "./device-clients.ts";

let hub: TestHub;
let device: Client;
const deviceId = "Door-1";
const methodsSeen: { name: string; payload: unknown }[] = [];

beforeAll(async () => {
  hub = await startTestHub({ mqttPort: 0 });
  const key = await deviceKey(hub, deviceId);
  device = await openSdkDevice(testConnectionString(hub, deviceId, key), hub.certPath!);
  device.onDeviceMethod("LockDoor", (request: DeviceMethodRequest, response: DeviceMethodResponse) => {
    methodsSeen.push({ name: request.methodName, payload: request.payload });
    response.send(200, { locked: true, by: "door-app" }, () => {});
  });
  device.onDeviceMethod("Jam", (_request: DeviceMethodRequest, response: DeviceMethodResponse) => {
    response.send(500, { error: "lock jammed" }, () => {});
  });
  // The SDK subscribes to methods lazily; wait until the hub sees the device's subscription settle.
  await new Promise((r) => setTimeout(r, 200));
}, 30_000);

afterAll(async () => {
  await device?.close();
  await hub?.close();
});

describe("official Node device SDK over MQTT/TLS", () => {
  it("connects with its registry key, and the registry shows the connection", async () => {
    const identity = (await hub.call("GET", `/devices/${deviceId}`)).body;
    expect(identity.connectionState).toBe("Connected");
    expect(Date.parse(identity.connectionStateUpdatedTime)).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(identity.lastActivityTime)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("receives a direct method; the service gets the device's status and payload", async () => {
    const res = await hub.call("POST", `/twins/${deviceId}/methods`, { body: { methodName: "LockDoor", payload: { reason: "night" }, responseTimeoutInSeconds: 5 } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 200, payload: { locked: true, by: "door-app" } });
    expect(methodsSeen.at(-1)).toEqual({ name: "LockDoor", payload: { reason: "night" } });
    const jammed = await hub.call("POST", `/twins/${deviceId}/methods`, { body: { methodName: "Jam", responseTimeoutInSeconds: 5 } });
    expect(jammed.body).toEqual({ status: 500, payload: { error: "lock jammed" } });
  });

  it("a method the app does not handle times out as on the service (504 GatewayTimeout)", async () => {
    const res = await hub.call("POST", `/twins/${deviceId}/methods`, { body: { methodName: "Unknown", responseTimeoutInSeconds: 5 } });
    expect(res.status).toBe(504);
    expect(res.headers.get("iothub-errorcode")).toBe("GatewayTimeout");
  }, 10_000);

  it("gets its twin and reports a property that a query then finds", async () => {
    await hub.call("PATCH", `/twins/${deviceId}`, { body: { properties: { desired: { telemetryInterval: 5 } } } });
    const twin = await device.getTwin();
    expect(twin.properties.desired.telemetryInterval).toBe(5);
    await reportProperties(twin, { doorLocked: true });
    const query = await hub.call("POST", "/devices/query", { body: { query: "SELECT * FROM devices WHERE properties.reported.doorLocked = true" } });
    expect(query.body.map((t: { deviceId: string }) => t.deviceId)).toEqual([deviceId]);
    const read = (await hub.call("GET", `/twins/${deviceId}`)).body;
    expect(read.properties.reported).toMatchObject({ doorLocked: true, $version: 2 });
  });

  it("receives the desired patch of a twin job", async () => {
    const twin = await device.getTwin();
    const patches: Record<string, unknown>[] = [];
    twin.on("properties.desired", (patch: Record<string, unknown>) => patches.push(patch));
    const jobId = nextName("twin-job");
    const created = await hub.call("PUT", `/jobs/v2/${jobId}`, {
      body: { jobId, type: "scheduleUpdateTwin", queryCondition: `DeviceId IN ['${deviceId}']`, updateTwin: { etag: "*", properties: { desired: { telemetryInterval: 30 } } }, maxExecutionTimeInSeconds: 60 },
    });
    expect(created.status).toBe(200);
    await waitFor(() => patches.some((p) => p.telemetryInterval === 30), "the job's desired patch on the device");
    expect(patches.find((p) => p.telemetryInterval === 30)).toMatchObject({ $version: expect.any(Number) });
  });

  it("sends telemetry, counted per device through the admin API", async () => {
    await device.sendEvent(new Message(JSON.stringify({ temperature: 21 })));
    await device.sendEvent(new Message(JSON.stringify({ temperature: 22 })));
    const counts = await hub.adminCall("GET", `/hubs/${hub.hubName}/telemetry`);
    expect(counts.status).toBe(200);
    expect(counts.body).toMatchObject({ messageCount: 2, devices: { [deviceId]: 2 }, connectedDevices: [deviceId] });
  });

  it("a method waiting on its connect timeout reaches the device as soon as it connects", async () => {
    const key = await deviceKey(hub, "Door-Late");
    const started = Date.now();
    const call = hub.call("POST", "/twins/Door-Late/methods", { body: { methodName: "LockDoor", responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 20 } });
    await new Promise((r) => setTimeout(r, 300));
    const late = await openSdkDevice(testConnectionString(hub, "Door-Late", key), hub.certPath!);
    try {
      late.onDeviceMethod("LockDoor", (_req: DeviceMethodRequest, res: DeviceMethodResponse) => res.send(200, { late: true }, () => {}));
      const res = await call;
      expect(res.body).toEqual({ status: 200, payload: { late: true } });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await late.close();
    }
  }, 20_000);

  it("is disconnected in the registry once it closes", async () => {
    const key = await deviceKey(hub, "Door-2");
    const other = await openSdkDevice(testConnectionString(hub, "Door-2", key), hub.certPath!);
    expect((await hub.call("GET", "/devices/Door-2")).body.connectionState).toBe("Connected");
    await other.close();
    await waitFor(async () => (await hub.call("GET", "/devices/Door-2")).body.connectionState === "Disconnected", "Door-2 disconnected");
  });
});
