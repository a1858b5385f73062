// `hubjobs device connection-string <deviceId> [--create]`: prints the connection string a device app
// (the official device SDKs) uses to connect to the embedded hub, reading the hub's data directory, so
// it works whether the hub is running or not. `--create` registers the device first when it is new.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { configDefaults } from "../../config/read-config.ts";
import { systemClock } from "../../emulator/clock.ts";
import { deviceConnectionStringOf } from "../../emulator/hub-manager.ts";
import { checkDeviceId, Registry } from "../../emulator/registry/registry.ts";
import { openDatabase } from "../../emulator/store/database.ts";
import { DeviceStore } from "../../emulator/store/device-store.ts";
import { HubStore } from "../../emulator/store/hub-store.ts";
import { ServiceError } from "../../emulator/service-error.ts";
import type { CommandIo } from "../io.ts";

export const DEVICE_HELP = `Usage: hubjobs device connection-string <deviceId> [options]

Prints the connection string of a device of the embedded IoT Hub, for the official device SDKs
(MQTT over TLS on 8883, or MQTT over WebSockets on the hub's TLS port 443).

Options:
  --create             register the device first if it does not exist
  --data-dir <dir>     the hub's data directory (default .hubjobs/emulator)
  --hub-name <name>    the hub (default dev)
  -h, --help           this help
`;

export async function run(argv: string[], io: CommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { create: { type: "boolean" }, "data-dir": { type: "string" }, "hub-name": { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (err) {
    io.stderr.write(`hubjobs device: ${err instanceof Error ? err.message : String(err)}\n\n${DEVICE_HELP}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(DEVICE_HELP);
    return 0;
  }
  const [action, deviceId, ...extra] = parsed.positionals;
  if (action !== "connection-string" || !deviceId || extra.length > 0) {
    io.stderr.write(`hubjobs device: expected \`connection-string <deviceId>\`\n\n${DEVICE_HELP}`);
    return 2;
  }
  const dataDir = resolve(io.cwd, parsed.values["data-dir"] ?? configDefaults.emulatorDataDir);
  const hubName = parsed.values["hub-name"] ?? "dev";
  if (!existsSync(join(dataDir, "hub.db"))) {
    io.stderr.write(`hubjobs device: no embedded hub in ${dataDir} (start one with \`npx hubjobs hub\`, or pass --data-dir)\n`);
    return 1;
  }
  const db = openDatabase(dataDir);
  try {
    const hub = new HubStore(db).get(hubName);
    if (!hub) {
      io.stderr.write(`hubjobs device: no hub named '${hubName}' in ${dataDir}\n`);
      return 1;
    }
    const registry = new Registry(new DeviceStore(db), systemClock);
    let record = registry.store.get(hubName, deviceId);
    if (!record) {
      if (!parsed.values.create) {
        io.stderr.write(`hubjobs device: device '${deviceId}' is not registered in hub '${hubName}' (add --create to register it)\n`);
        return 1;
      }
      checkDeviceId(deviceId);
      record = registry.putDevice(hubName, deviceId, {}, undefined).record;
    }
    const key = record.identity.authentication.symmetricKey.primaryKey;
    if (record.identity.authentication.type !== "sas" || !key) {
      io.stderr.write(`hubjobs device: device '${deviceId}' does not authenticate with SAS keys\n`);
      return 1;
    }
    io.stdout.write(`${deviceConnectionStringOf(hub, deviceId, key)}\n`);
    return 0;
  } catch (err) {
    io.stderr.write(`hubjobs device: ${err instanceof ServiceError ? err.message : err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    db.close();
  }
}
