// `node examples/door-device/main.ts`: runs the door app until Ctrl-C.
//   DEVICE_CONNECTION_STRING  the device's connection string (`npx hubjobs device connection-string Device-1`)
//   DOOR_TRANSPORT            mqtt (default, port 8883) or ws (MQTT over WebSockets, port 443)
//   NODE_EXTRA_CA_CERTS       the embedded hub's certificate (.hubjobs/emulator/tls/cert.pem), as `hubjobs hub` prints
import { startDoorDevice } from "./door-app.ts";

const connectionString = process.env.DEVICE_CONNECTION_STRING;
if (!connectionString) {
  console.error("Set DEVICE_CONNECTION_STRING (print one with: npx hubjobs device connection-string Device-1)");
  process.exit(2);
}
const transport = process.env.DOOR_TRANSPORT === "ws" ? "ws" : "mqtt";
const door = await startDoorDevice(connectionString, { transport });
const stop = async () => {
  await door.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
