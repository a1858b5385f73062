// Real devices: the official Node device SDK (azure-iot-device) connects with a device connection
// string used verbatim (`HostName=<hub>;DeviceId=...;SharedAccessKey=...`), over MQTT/TLS (port 8883)
// and over MQTT/WebSockets (443, `/$iothub/websocket`), and the service SDK reaches it: a direct
// method, and the properties it reports. On the emulator the hub's host name is `localhost`.
import { Client as DeviceClient, type DeviceMethodRequest, type DeviceMethodResponse } from "azure-iot-device";
import { Mqtt, MqttWs } from "azure-iot-device-mqtt";
import { describe, expect, it } from "vitest";
import { nextName } from "./names.ts";
import { Client, Registry } from "./sdk.ts";
import type { SdkTarget } from "./sdk-target.ts";

const transports = [
  { name: "MQTT over TLS (8883)", transport: Mqtt },
  { name: "MQTT over WebSockets (443)", transport: MqttWs },
] as const;

export function devicesSuite(target: () => SdkTarget): void {
  describe("azure-iot-device: real devices", () => {
    for (const { name, transport } of transports) {
      it(`connects over ${name} with its connection string verbatim; the service SDK calls its method and reads what it reports`, async () => {
        const t = target();
        const deviceId = nextName(t.runPrefix, "device");
        const registry = Registry.fromConnectionString(t.connectionString);
        const { responseBody: created } = await registry.create({ deviceId });
        t.createdDeviceIds.push(deviceId);
        const hostName = /HostName=([^;]+)/.exec(t.connectionString)![1];
        const connectionString = `HostName=${hostName};DeviceId=${deviceId};SharedAccessKey=${created.authentication!.symmetricKey!.primaryKey}`;

        const device = DeviceClient.fromConnectionString(connectionString, transport);
        try {
          await device.open();
          device.onDeviceMethod("LockDoor", (req: DeviceMethodRequest, res: DeviceMethodResponse) => {
            res.send(200, { locked: true, asked: req.payload }, () => {});
          });
          const twin = await device.getTwin();
          await new Promise<void>((resolve, reject) => twin.properties.reported.update({ doorLocked: true }, (err?: Error) => (err ? reject(err) : resolve())));

          // The SDK subscribes to methods when the first handler is set; give the subscription a moment.
          await new Promise((r) => setTimeout(r, 500));
          const service = Client.fromConnectionString(t.connectionString);
          const { result } = await service.invokeDeviceMethod(deviceId, { methodName: "LockDoor", payload: { via: name }, responseTimeoutInSeconds: 10 });
          expect(result).toEqual({ status: 200, payload: { locked: true, asked: { via: name } } });

          const { responseBody: read } = await registry.getTwin(deviceId);
          expect(read.properties.reported.doorLocked).toBe(true);
          const { responseBody: identity } = await registry.get(deviceId);
          expect(identity.connectionState).toBe("Connected");
        } finally {
          await device.close();
        }
      });
    }
  });
}
