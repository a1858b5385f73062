// What the device endpoint refuses, as IoT Hub does: bad credentials in the CONNACK, another device's
// topics (SUBACK failure; a publish closes the connection), and a second connection of the same device
// replacing the first. Raw `mqtt` clients, because the official SDK never tries these.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MqttClient } from "mqtt";
import { startTestHub, type TestHub } from "../helpers.ts";
import { deviceKey, rawDevice, waitFor } from "./device-clients.ts";

let hub: TestHub;
const clients: MqttClient[] = [];
const track = (c: MqttClient) => (clients.push(c), c);

beforeAll(async () => {
  hub = await startTestHub({ mqttPort: 0 });
});

afterAll(async () => {
  for (const c of clients) c.end(true);
  await hub?.close();
});

const connackCode = async (attempt: Promise<MqttClient>) => {
  try {
    track(await attempt);
  } catch (err) {
    return (err as { code?: number }).code;
  }
  throw new Error("the connection was accepted");
};

describe("device endpoint refusals", () => {
  it("refuses a wrong key, an unknown device and a policy without DeviceConnect in the CONNACK (5, not authorized)", async () => {
    const key = await deviceKey(hub, "Lock-1");
    const wrongKey = Buffer.from(key, "base64").reverse().toString("base64");
    expect(await connackCode(rawDevice(hub, "Lock-1", wrongKey))).toBe(5);
    expect(await connackCode(rawDevice(hub, "Nobody", key))).toBe(5);
    const service = hub.admin.getHub(hub.hubName).policies.find((p) => p.keyName === "service")!;
    expect(await connackCode(rawDevice(hub, "Lock-1", service.primaryKey, { keyName: "service" }))).toBe(5);
    expect((await hub.call("GET", "/devices/Lock-1")).body.connectionState).toBe("Disconnected");
  });

  it("accepts the device's secondary key and a policy granting DeviceConnect", async () => {
    await deviceKey(hub, "Lock-2");
    const identity = (await hub.call("GET", "/devices/Lock-2")).body;
    const bySecondary = track(await rawDevice(hub, "Lock-2", identity.authentication.symmetricKey.secondaryKey));
    expect(bySecondary.connected).toBe(true);
    bySecondary.end(true);
    const device = hub.admin.getHub(hub.hubName).policies.find((p) => p.keyName === "device")!;
    const byPolicy = track(await rawDevice(hub, "Lock-2", device.primaryKey, { keyName: "device" }));
    expect(byPolicy.connected).toBe(true);
  });

  it("lets a device subscribe only to its own topics", async () => {
    const client = track(await rawDevice(hub, "Lock-3", await deviceKey(hub, "Lock-3")));
    // SUBACK return code per filter: 0 granted, 128 (0x80) failure. mqtt.js rejects a refused filter, carrying the SUBACK.
    const grant = (filter: string) =>
      client.subscribeAsync(filter, { qos: 0 }).then(
        (granted) => granted.map((g) => g.qos),
        (err: { packet?: { granted?: number[] } }) => err.packet?.granted ?? [],
      );
    expect(await grant("$iothub/methods/POST/#")).toEqual([0]);
    expect(await grant("$iothub/twin/res/#")).toEqual([0]);
    expect(await grant("devices/Lock-3/messages/devicebound/#")).toEqual([0]);
    expect(await grant("devices/Lock-1/messages/devicebound/#")).toEqual([128]);
    expect(await grant("devices/Lock-3/messages/events/#")).toEqual([128]);
    expect(await grant("#")).toEqual([128]);
  });

  it("closes the connection of a device publishing on another device's topic", async () => {
    const client = track(await rawDevice(hub, "Lock-4", await deviceKey(hub, "Lock-4")));
    let closed = false;
    client.on("close", () => (closed = true));
    client.publish("devices/Lock-1/messages/events/", "spoofed");
    await waitFor(() => closed, "the hub to close the connection");
    expect(hub.admin.telemetry(hub.hubName).devices["Lock-1"]).toBeUndefined();
    await waitFor(async () => (await hub.call("GET", "/devices/Lock-4")).body.connectionState === "Disconnected", "Lock-4 disconnected");
  });

  it("treats a connected device that has not subscribed to methods as not online for them (404 DeviceNotOnline)", async () => {
    track(await rawDevice(hub, "Lock-7", await deviceKey(hub, "Lock-7")));
    const res = await hub.call("POST", "/twins/Lock-7/methods", { body: { methodName: "Ping", responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 } });
    expect(res.status).toBe(404);
    expect(res.headers.get("iothub-errorcode")).toBe("DeviceNotOnline");
    expect((await hub.call("GET", "/devices/Lock-7")).body.connectionState).toBe("Connected");
  });

  it("closes the connection of a device that is disabled or deleted", async () => {
    for (const change of ["disable", "delete"] as const) {
      const id = `Lock-6-${change}`;
      const client = track(await rawDevice(hub, id, await deviceKey(hub, id)));
      let closed = false;
      client.on("close", () => (closed = true));
      if (change === "disable") await hub.call("PUT", `/devices/${id}`, { body: { deviceId: id, status: "disabled" }, headers: { "if-match": "*" } });
      else await hub.call("DELETE", `/devices/${id}`, { headers: { "if-match": "*" } });
      await waitFor(() => closed, `the hub to close the ${change}d device's connection`);
    }
    expect((await hub.call("GET", "/devices/Lock-6-disable")).body).toMatchObject({ status: "disabled", connectionState: "Disconnected" });
  });

  it("drops the first connection when the same device connects again, and stays connected", async () => {
    const key = await deviceKey(hub, "Lock-5");
    const first = track(await rawDevice(hub, "Lock-5", key));
    let firstClosed = false;
    first.on("close", () => (firstClosed = true));
    const second = track(await rawDevice(hub, "Lock-5", key));
    await waitFor(() => firstClosed, "the first connection to be dropped");
    expect(second.connected).toBe(true);
    // Methods now reach the second connection.
    await second.subscribeAsync("$iothub/methods/POST/#");
    second.on("message", (topic) => {
      const rid = /\$rid=([^&]+)/.exec(topic)![1];
      second.publish(`$iothub/methods/res/200/?$rid=${rid}`, JSON.stringify({ via: "second" }));
    });
    const res = await hub.call("POST", "/twins/Lock-5/methods", { body: { methodName: "Ping", responseTimeoutInSeconds: 5 } });
    expect(res.body).toEqual({ status: 200, payload: { via: "second" } });
    expect((await hub.call("GET", "/devices/Lock-5")).body.connectionState).toBe("Connected");
  });
});
