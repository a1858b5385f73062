// The device side of bench/mqtt-devices.bench.ts, in its own process so the hub's figures are the
// hub's: connects N MQTT devices (the `mqtt` client library, IoT Hub's username and a SAS token of the
// hub's `device` policy), answers every direct method with 200, and reports over IPC. It exits when
// its parent goes (IPC disconnect), so it never outlives the bench.
import { createHmac } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";

export interface SwarmConfig {
  port: number;
  hostName: string;
  policyKey: string;
  ca: string;
  deviceIds: string[];
  /** Connections being set up at once. */
  concurrency: number;
}

export type SwarmMessage = { kind: "connected"; count: number; ms: number } | { kind: "failed"; error: string } | { kind: "rss"; rss: number };

function policyToken(resourceUri: string, key: string): string {
  const sr = encodeURIComponent(resourceUri);
  const se = Math.floor(Date.now() / 1000) + 3600;
  const sig = createHmac("sha256", Buffer.from(key, "base64")).update(`${sr}\n${se}`).digest("base64");
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${se}&skn=device`;
}

function connectDevice(config: SwarmConfig, deviceId: string): Promise<MqttClient> {
  const client = mqtt.connect(`mqtts://127.0.0.1:${config.port}`, {
    clientId: deviceId,
    username: `${config.hostName}/${deviceId}/?api-version=2021-04-12`,
    password: policyToken(`${config.hostName}/devices/${deviceId}`, config.policyKey),
    protocolVersion: 4,
    ca: config.ca,
    reconnectPeriod: 0,
    connectTimeout: 60_000,
    keepalive: 0,
  });
  client.on("message", (topic) => {
    const rid = /\$rid=([^&]+)/.exec(topic)?.[1];
    if (rid) client.publish(`$iothub/methods/res/200/?$rid=${rid}`, '{"locked":true}');
  });
  return new Promise((resolve, reject) => {
    client.once("connect", () => client.subscribe("$iothub/methods/POST/#", { qos: 0 }, (err) => (err ? reject(err) : resolve(client))));
    client.once("error", reject);
  });
}

async function run(config: SwarmConfig): Promise<void> {
  const started = performance.now();
  const clients: MqttClient[] = [];
  let next = 0;
  const worker = async () => {
    while (next < config.deviceIds.length) clients.push(await connectDevice(config, config.deviceIds[next++]!));
  };
  await Promise.all(Array.from({ length: config.concurrency }, worker));
  process.send!({ kind: "connected", count: clients.length, ms: performance.now() - started } satisfies SwarmMessage);
}

if (process.send) {
  process.once("disconnect", () => process.exit(0));
  process.on("message", (message: { kind: "start"; config: SwarmConfig } | { kind: "rss" }) => {
    if (message.kind === "rss") {
      process.send!({ kind: "rss", rss: process.memoryUsage().rss } satisfies SwarmMessage);
      return;
    }
    run(message.config).catch((err: Error) => process.send!({ kind: "failed", error: err.message } satisfies SwarmMessage));
  });
}
