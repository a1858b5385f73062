// A door lock as a device app, written with the official Azure IoT device SDK over MQTT. It is what a
// device team ships; pointed at the embedded hub it receives the jobs that `npm start` applies:
//   - direct methods LockDoor and UnlockDoor change the lock and report `doorLocked`;
//   - the desired property `telemetryInterval` (seconds) sets how often it sends telemetry, and is
//     acknowledged in the reported properties.
import deviceSdk, { type DeviceMethodRequest, type DeviceMethodResponse, type Twin } from "azure-iot-device";
import deviceMqtt from "azure-iot-device-mqtt";

const { Client, Message } = deviceSdk;
const { Mqtt, MqttWs } = deviceMqtt;

export interface DoorOptions {
  /** `mqtt` (MQTT over TLS, port 8883, the default) or `ws` (MQTT over WebSockets, port 443). */
  transport?: "mqtt" | "ws";
  /** PEM of a certificate authority to trust (the embedded hub's self-signed certificate). */
  ca?: string;
  /** Telemetry period before the hub sets one, in seconds. */
  telemetryIntervalSeconds?: number;
  log?: (line: string) => void;
}

export interface DoorState {
  doorLocked: boolean;
  telemetryIntervalSeconds: number;
  telemetrySent: number;
}

export interface RunningDoor {
  state: DoorState;
  close(): Promise<void>;
}

export async function startDoorDevice(connectionString: string, options: DoorOptions = {}): Promise<RunningDoor> {
  const log = options.log ?? ((line: string) => console.log(line));
  const state: DoorState = { doorLocked: false, telemetryIntervalSeconds: options.telemetryIntervalSeconds ?? 60, telemetrySent: 0 };
  const client = Client.fromConnectionString(connectionString, options.transport === "ws" ? MqttWs : Mqtt);
  if (options.ca) await client.setOptions({ ca: options.ca });
  await client.open();
  log(`connected over ${options.transport === "ws" ? "MQTT over WebSockets" : "MQTT over TLS"}`);
  const twin = await client.getTwin();

  let timer: NodeJS.Timeout | undefined;
  const scheduleTelemetry = () => {
    if (timer) clearInterval(timer);
    timer = setInterval(() => {
      const message = new Message(JSON.stringify({ doorLocked: state.doorLocked, at: new Date().toISOString() }));
      client.sendEvent(message).then(
        () => state.telemetrySent++,
        (err: Error) => log(`telemetry not sent: ${err.message}`),
      );
    }, state.telemetryIntervalSeconds * 1000);
  };

  const setLock = (locked: boolean) => async (request: DeviceMethodRequest, response: DeviceMethodResponse) => {
    log(`${request.methodName} ${JSON.stringify(request.payload)}`);
    state.doorLocked = locked;
    try {
      await report(twin, { doorLocked: locked });
      await response.send(200, { locked });
    } catch (err) {
      await response.send(500, { error: `could not report the lock state: ${(err as Error).message}` });
    }
  };
  client.onDeviceMethod("LockDoor", setLock(true));
  client.onDeviceMethod("UnlockDoor", setLock(false));

  // The first event carries the whole desired document, later ones the patches.
  twin.on("properties.desired", (desired: Record<string, unknown>) => {
    const interval = desired.telemetryInterval;
    if (typeof interval !== "number" || !Number.isFinite(interval) || interval <= 0) return;
    state.telemetryIntervalSeconds = interval;
    log(`telemetryInterval ${interval} s`);
    scheduleTelemetry();
    report(twin, { telemetryInterval: interval }).catch((err: Error) => log(`could not acknowledge telemetryInterval: ${err.message}`));
  });

  await report(twin, { doorLocked: state.doorLocked });
  scheduleTelemetry();
  return {
    state,
    async close() {
      if (timer) clearInterval(timer);
      await client.close();
    },
  };
}

function report(twin: Twin, patch: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => twin.properties.reported.update(patch, (err?: Error) => (err ? reject(err) : resolve())));
}
