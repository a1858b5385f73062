// Test devices for the MQTT endpoint: the official Node device SDK (azure-iot-device + -mqtt), and raw
// `mqtt` clients for what the SDK never does (wrong topics, duplicate ids). Keys come from the registry.
import { readFileSync } from "node:fs";
import { Client, type Twin } from "azure-iot-device";
import { Mqtt, MqttWs } from "azure-iot-device-mqtt";
import mqtt, { type MqttClient } from "mqtt";
import { createHmac } from "node:crypto";
import type { RunningHub } from "../../../src/emulator/start-hub.ts";
import { signSas } from "../../../src/iothub/sas.ts";
import { API, type CallResult, type TestHub } from "../helpers.ts";

/** What these helpers need of a hub: a signed service call, and where devices connect. */
export type DeviceTestHub = Pick<TestHub, "call" | "hostName" | "mqttPort" | "certPath">;

/** Service calls signed with the hub's iothubowner key, for a hub started without the test helpers (e2e). */
export function withServiceCalls(hub: RunningHub): DeviceTestHub {
  const key = /SharedAccessKey=([^;]+)/.exec(hub.connectionString)![1]!;
  const call = async (method: string, path: string, o: { body?: unknown } = {}): Promise<CallResult> => {
    const authorization = signSas({ resourceUri: hub.hostName, keyName: "iothubowner", key, expiry: Math.floor(Date.now() / 1000) + 3600 });
    const sep = path.includes("?") ? "&" : "?";
    const res = await fetch(`${hub.url}${path}${sep}${API}`, {
      method,
      headers: { authorization, "content-type": "application/json" },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === "" ? undefined : JSON.parse(text) };
  };
  return { call, hostName: hub.hostName, mqttPort: hub.mqttPort, certPath: hub.certPath };
}

/** The registry's primary key of a device (creating the device when it is new). */
export async function deviceKey(hub: DeviceTestHub, deviceId: string): Promise<string> {
  let res = await hub.call("GET", `/devices/${deviceId}`);
  if (res.status === 404) res = await hub.call("PUT", `/devices/${deviceId}`, { body: { deviceId } });
  if (res.status !== 200) throw new Error(`device ${deviceId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.authentication.symmetricKey.primaryKey as string;
}

/**
 * A device connection string for the in-test hub. The SDK connects to `mqtts://<GatewayHostName>`,
 * and a GatewayHostName may carry a port, which lets tests use a free port instead of 8883.
 */
export function testConnectionString(hub: DeviceTestHub, deviceId: string, key: string): string {
  return `HostName=${hub.hostName};DeviceId=${deviceId};SharedAccessKey=${key};GatewayHostName=127.0.0.1:${hub.mqttPort}`;
}

export async function openSdkDevice(connectionString: string, caPath: string, transport: typeof Mqtt | typeof MqttWs = Mqtt): Promise<Client> {
  const client = Client.fromConnectionString(connectionString, transport);
  await client.setOptions({ ca: readFileSync(caPath, "utf8") });
  await client.open();
  return client;
}

export function reportProperties(twin: Twin, patch: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => twin.properties.reported.update(patch, (err?: Error) => (err ? reject(err) : resolve())));
}

/** A raw MQTT device with IoT Hub's username and a SAS password; resolves once connected or rejects with the CONNACK error. */
export function rawDevice(hub: DeviceTestHub, deviceId: string, key: string, options: { keyName?: string } = {}): Promise<MqttClient> {
  const resource = `${hub.hostName}/devices/${deviceId}`;
  const password = deviceSas(resource, key, options.keyName);
  const client = mqtt.connect(`mqtts://127.0.0.1:${hub.mqttPort}`, {
    clientId: deviceId,
    username: `${hub.hostName}/${deviceId}/?api-version=2021-04-12`,
    password,
    protocolVersion: 4,
    ca: readFileSync(hub.certPath!),
    reconnectPeriod: 0,
    connectTimeout: 5_000,
  });
  return new Promise((resolve, reject) => {
    client.once("connect", () => resolve(client));
    client.once("error", (err) => {
      client.end(true);
      reject(err);
    });
  });
}

/** A device token as the device SDKs make it: no `skn` with the device's own key, `skn` with a policy key. */
function deviceSas(resourceUri: string, key: string, keyName: string | undefined): string {
  const sr = encodeURIComponent(resourceUri);
  const se = Math.floor(Date.now() / 1000) + 3600;
  const sig = createHmac("sha256", Buffer.from(key, "base64")).update(`${sr}\n${se}`).digest("base64");
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${se}${keyName ? `&skn=${keyName}` : ""}`;
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
