// `hubjobs hub`: runs the embedded IoT Hub in the foreground with a request log, printing each
// hub's endpoint and service connection string, until SIGINT/SIGTERM (or io.signal) stops it.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { configDefaults } from "../../config/read-config.ts";
import { startHub, type StartHubOptions } from "../../emulator/start-hub.ts";
import { HUB_TIERS, type HubTier } from "../../emulator/store/hub-store.ts";
import type { CommandIo } from "../io.ts";

export interface HubCommandIo extends CommandIo {
  /** Stops the hub when aborted (tests); the CLI stops on SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

/** IoT Hub's MQTT over TLS port: the device SDKs always connect there (or to a GatewayHostName). */
const DEFAULT_MQTT_PORT = 8883;

export const HUB_HELP = `Usage: hubjobs hub [options]

Runs the embedded IoT Hub emulator in the foreground, with a request log.

Options:
  --port <n>           port to listen on (default 4300; 443 with --tls; 0 = any free port)
  --host <address>     interface to listen on (default 127.0.0.1)
  --data-dir <dir>     where state is kept (default .hubjobs/emulator)
  --hub-name <name>    name of the hub to create or adopt (default dev)
  --host-name <name>   host name clients sign for (default localhost for a new hub;
                       an existing hub keeps its name)
  --tier <F1|S1|S2|S3> tier of the hub (default S1; sets the concurrent job limit)
  --tls                serve HTTPS with a self-signed certificate kept in the data dir
  --cert <file> --key <file>  serve HTTPS with this certificate and key
  --fleet <file>       fleet file seeding the hub's simulated devices (default fleets/dev.yaml when present)
  --admin-key <key>    admin API key (default HUBJOBS_ADMIN_KEY, else <data-dir>/admin-key)
  --accept-bearer-tokens  accept Microsoft Entra bearer tokens for audience https://iothubs.azure.net
  --realistic          the tier's rates: job device operations paced (S1: 10/s), job
                       operations (create, cancel, list; S1: 100/min) and queries
                       (POST /devices/query; S1: 20/min) limited, 429 past them
  --mqtt-port <n>      devices' MQTT over TLS port (default 8883, a free one with --port 0;
                       0 = any free port)
  --no-mqtt            no MQTT over TLS listener (MQTT over WebSockets stays on the hub's port)
  --quiet              no request log
  -h, --help           this help
`;

function isPortTaken(err: unknown, port: number | undefined): boolean {
  const e = err as { code?: unknown; port?: unknown };
  return port !== undefined && e.code === "EADDRINUSE" && e.port === port;
}

export async function run(argv: string[], io: HubCommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        port: { type: "string" }, host: { type: "string" }, "data-dir": { type: "string" },
        "hub-name": { type: "string" }, "host-name": { type: "string" }, tier: { type: "string" },
        tls: { type: "boolean" }, cert: { type: "string" }, key: { type: "string" },
        fleet: { type: "string" }, "admin-key": { type: "string" },
        "accept-bearer-tokens": { type: "boolean" }, realistic: { type: "boolean" },
        "mqtt-port": { type: "string" }, "no-mqtt": { type: "boolean" },
        quiet: { type: "boolean" }, help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    io.stderr.write(`hubjobs hub: ${err instanceof Error ? err.message : String(err)}\n\n${HUB_HELP}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout.write(HUB_HELP);
    return 0;
  }
  const usage = (message: string) => {
    io.stderr.write(`hubjobs hub: ${message}\n`);
    return 2;
  };
  if (v.port !== undefined && !/^\d+$/.test(v.port)) return usage(`--port must be a number, got '${v.port}'`);
  if (v["mqtt-port"] !== undefined && !/^\d+$/.test(v["mqtt-port"])) return usage(`--mqtt-port must be a number, got '${v["mqtt-port"]}'`);
  if (v["mqtt-port"] !== undefined && v["no-mqtt"]) return usage("--mqtt-port and --no-mqtt exclude each other");
  if (v.tier !== undefined && !HUB_TIERS.includes(v.tier as HubTier)) return usage(`--tier must be one of ${HUB_TIERS.join(", ")}`);
  if ((v.cert === undefined) !== (v.key === undefined)) return usage("--cert and --key go together");

  const options: StartHubOptions = {
    // The dev stack reads the admin key from here (hubjobs:emulatorDataDir's default).
    dataDir: resolve(io.cwd, v["data-dir"] ?? configDefaults.emulatorDataDir),
    acceptBearerTokens: v["accept-bearer-tokens"] ?? false,
    realisticLimits: v.realistic ?? false,
  };
  if (v.port !== undefined) options.port = Number(v.port);
  // `--port 0` (tests, several hubs) picks a free MQTT port too, unless one is asked for.
  if (!v["no-mqtt"]) options.mqttPort = Number(v["mqtt-port"] ?? (options.port === 0 ? 0 : DEFAULT_MQTT_PORT));
  if (v.host !== undefined) options.host = v.host;
  if (v["hub-name"] !== undefined) options.hubName = v["hub-name"];
  if (v["host-name"] !== undefined) options.hostName = v["host-name"];
  if (v.tier !== undefined) options.tier = v.tier as HubTier;
  if (v.tls) options.tls = true;
  if (v.cert !== undefined && v.key !== undefined) {
    options.cert = resolve(io.cwd, v.cert);
    options.key = resolve(io.cwd, v.key);
  }
  const adminKey = v["admin-key"] ?? io.env.HUBJOBS_ADMIN_KEY;
  if (adminKey) options.adminKey = adminKey;
  const defaultFleet = resolve(io.cwd, "fleets/dev.yaml");
  if (v.fleet !== undefined) options.fleet = resolve(io.cwd, v.fleet);
  else if (existsSync(defaultFleet)) options.fleet = defaultFleet;
  if (!v.quiet) options.log = (line) => io.stdout.write(`${new Date().toISOString()} ${line}\n`);

  let hub;
  try {
    try {
      hub = await startHub(options);
    } catch (err) {
      // 8883 taken by another hub: the service API still works, devices use WebSockets (or --mqtt-port).
      if (v["mqtt-port"] !== undefined || !isPortTaken(err, options.mqttPort)) throw err;
      io.stderr.write(`hubjobs hub: port ${options.mqttPort} is in use; serving no MQTT over TLS (pick one with --mqtt-port)\n`);
      delete options.mqttPort;
      hub = await startHub(options);
    }
  } catch (err) {
    io.stderr.write(`hubjobs hub: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    if ((err as { code?: unknown }).code === "EADDRINUSE") {
      // Most often the hub `npm start` left running in the background.
      io.stderr.write("  something already listens there, often the hub `npm start` left running: use it, stop it with `npm run hub:stop`, or pick another --port\n");
    }
    return 1;
  }
  io.stdout.write(`IoT Hub emulator listening on ${hub.url}\n`);
  for (const h of hub.admin.listHubs()) {
    io.stdout.write(`hub ${h.name} (${h.tier})\n  endpoint:          ${h.endpoint}\n  host name:         ${h.hostName}\n  connection string: ${h.connectionString}\n`);
    if (h.hostName !== "localhost") {
      // Official service SDKs call https://<HostName>:443 and resolve it with the system resolver.
      io.stdout.write(`  note: official SDKs resolve ${h.hostName} through the system resolver; if it does not resolve, start a new data dir (host name localhost)\n`);
    }
  }
  const devicesVia = [
    hub.mqttPort !== undefined ? `MQTT over TLS on port ${hub.mqttPort}` : undefined,
    `MQTT over WebSockets on ${hub.url.replace(/^http/, "ws")}/$iothub/websocket`,
  ].filter(Boolean);
  io.stdout.write(`devices: ${devicesVia.join(", ")}\n  a device's connection string: npx hubjobs device connection-string <deviceId> [--create]\n`);
  const keySource = adminKey ? "the key given with --admin-key / HUBJOBS_ADMIN_KEY" : `the key in ${resolve(options.dataDir!, "admin-key")}`;
  io.stdout.write(`admin API: ${hub.url}/_emulator (Authorization: Bearer <${keySource}>)\n`);
  if (hub.certPath) io.stdout.write(`TLS certificate: ${hub.certPath}\n  trust it with: export NODE_EXTRA_CA_CERTS=${hub.certPath}\n`);
  if (options.fleet) io.stdout.write(`fleet: ${String(options.fleet)}\n`);

  await new Promise<void>((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      io.signal?.removeEventListener("abort", stop);
      done();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    io.signal?.addEventListener("abort", stop);
    if (io.signal?.aborted) stop();
  });
  await hub.close();
  io.stdout.write("IoT Hub emulator stopped\n");
  return 0;
}
