// Starts the embedded IoT Hub: opens the database, makes sure the default hub exists, loads its
// fleet, wires the job engine and serves the pipeline over HTTP or HTTPS.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmulatorAdmin } from "./admin/admin-operations.ts";
import { adminRoutes, type AdminRoute } from "./admin/admin-routes.ts";
import { emulatorIdentity } from "./admin/identity.ts";
import { systemClock, type Clock } from "./clock.ts";
import { FaultInjector } from "./faults/fault-injector.ts";
import { applyFleet } from "./fleet/apply-fleet.ts";
import { loadFleetFile, type FleetDocument } from "./fleet/fleet-document.ts";
import { DesiredFollower } from "./fleet/desired-follower.ts";
import { MethodInvoker } from "./fleet/method-invoker.ts";
import { connectionStringOf, HubManager } from "./hub-manager.ts";
import { OperationThrottle } from "./http/operation-throttle.ts";
import { createPipeline } from "./http/pipeline.ts";
import { RouteTable } from "./http/route-table.ts";
import type { RouteDefinition } from "./http/types.ts";
import { createPlatformJobHost } from "./platform-job-host.ts";
import { createJobEngine } from "./jobs/index.ts";
import { Registry } from "./registry/registry.ts";
import { serviceRoutes } from "./registry/service-routes.ts";
import { openDatabase } from "./store/database.ts";
import { DeviceStore } from "./store/device-store.ts";
import { HubStore, type HubTier } from "./store/hub-store.ts";
import { ensureSelfSignedCertificate } from "./tls/self-signed.ts";
import { createDeviceEndpoint, type DeviceEndpoint } from "./mqtt/device-endpoint.ts";
import type { DeviceConnections } from "./mqtt/device-connections.ts";
import { attachWebSocketEndpoint, listenMqttTls, type MqttTlsListener } from "./mqtt/device-listeners.ts";

export interface StartHubOptions {
  /** 0 = a free port (tests). Default 4300, or 443 with TLS. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Where hub.db, admin-key and tls/ live. Without it, state is in memory only. */
  dataDir?: string;
  /** Name of the hub to create or adopt at start. Default `dev`. */
  hubName?: string;
  /**
   * Host name clients sign for. Default `localhost` for a new hub (the only name a stock resolver knows,
   * so printed connection strings work verbatim), or `<hubName>.localhost` when another hub holds it.
   * An existing hub keeps the name it was created with.
   */
  hostName?: string;
  tier?: HubTier;
  /** Serve HTTPS with a self-signed certificate kept in the data dir (or `cert`/`key`). */
  tls?: boolean;
  cert?: string | Buffer;
  key?: string | Buffer;
  clock?: Clock;
  /** Admin API key. Default HUBJOBS_ADMIN_KEY, else one generated once and kept in <dataDir>/admin-key. */
  adminKey?: string;
  /** Fleet for the default hub: a file path or a document. Seeds devices that do not exist yet. */
  fleet?: string | FleetDocument;
  /** Request log sink (one line per request). */
  log?: (line: string) => void;
  /** Accept Microsoft Entra bearer tokens (audience https://iothubs.azure.net); off by default. */
  acceptBearerTokens?: boolean;
  /**
   * "Realistic" mode, off by default: pace job device operations to the tier's rate and apply the
   * job operations quota (create, cancel, list: 100/min on F1/S1/S2, 5000/min on S3) and the queries
   * quota (POST /devices/query: 20/min on F1/S1/S2, 1000/min on S3); past them, 429 ThrottlingException.
   */
  realisticLimits?: boolean;
  /**
   * Port of the devices' MQTT-over-TLS endpoint (IoT Hub: 8883); 0 = a free port; undefined = none.
   * MQTT over WebSockets is always served on the hub's own port at `/$iothub/websocket`.
   */
  mqttPort?: number;
}

export interface RunningHub {
  /** Endpoint clients use, e.g. `http://127.0.0.1:4300`. */
  url: string;
  hubName: string;
  hostName: string;
  /** iothubowner connection string of the default hub. */
  connectionString: string;
  adminKey: string;
  /** Path of the generated certificate (HTTPS without `cert`/`key`, or the MQTT endpoint). */
  certPath: string | undefined;
  /** Port of the MQTT-over-TLS device endpoint, when one was asked for. */
  mqttPort: number | undefined;
  /** Devices connected over MQTT. */
  devices: DeviceConnections;
  admin: EmulatorAdmin;
  close(): Promise<void>;
}

export async function startHub(options: StartHubOptions = {}): Promise<RunningHub> {
  const clock = options.clock ?? systemClock;
  const hubName = options.hubName ?? "dev";
  const db = openDatabase(options.dataDir);
  const hubStore = new HubStore(db);
  const deviceStore = new DeviceStore(db);
  const registry = new Registry(deviceStore, clock);
  const invoker = new MethodInvoker(registry, clock);
  const follower = new DesiredFollower(db, registry, clock);
  registry.onDesiredWritten = (name, record, before) => follower.desiredChanged(name, record, before);
  const manager = new HubManager(hubStore, deviceStore, clock);
  const faults = new FaultInjector();
  let endpoint = "";
  const admin = new EmulatorAdmin({ db, clock, manager, registry, faults, endpoint: () => endpoint });

  const ensureOptions: { tier?: HubTier; hostName?: string } = {};
  if (options.tier) ensureOptions.tier = options.tier;
  if (options.hostName) ensureOptions.hostName = options.hostName;
  else if (!hubStore.get(hubName) && !hubStore.byHostName("localhost")) ensureOptions.hostName = "localhost";
  const { hub } = manager.ensure(hubName, ensureOptions);
  if (options.fleet !== undefined) {
    const fleet = typeof options.fleet === "string" ? loadFleetFile(options.fleet) : options.fleet;
    applyFleet(db, deviceStore, clock, hubName, fleet, { overwrite: false });
  }

  const jobHost = createPlatformJobHost({ clock, hubs: hubStore, registry, invoker, realisticLimits: options.realisticLimits ?? false });
  const jobs = createJobEngine(jobHost, db);
  const throttle = options.realisticLimits ? new OperationThrottle() : undefined;
  manager.onDelete = (name) => {
    jobs.deleteHub(name);
    devices.connections.forgetHub(name);
    throttle?.forgetHub(name);
  };

  const routes = new RouteTable<RouteDefinition>([
    ...serviceRoutes({ registry, invoker, queryDeviceJobs: (name, query) => jobs.queryDeviceJobs(name, query) }),
    ...jobs.routes,
  ]);
  const adminKey = resolveAdminKey(options);
  const listener = createPipeline({
    hubs: hubStore,
    routes,
    adminRoutes: new RouteTable<AdminRoute>(adminRoutes(admin)),
    clock,
    faults,
    adminKey,
    acceptBearerTokens: options.acceptBearerTokens ?? false,
    throttle,
    log: options.log,
    identity: emulatorIdentity(options.dataDir),
  });

  let certPath: string | undefined;
  let tempCertDir: string | undefined;
  let tlsMaterial: { cert: Buffer; key: Buffer } | undefined;
  /** Given, or generated once into the data dir (or, for an in-memory hub with MQTT, a temporary one). */
  const certificate = (): { cert: Buffer; key: Buffer } => {
    if (tlsMaterial) return tlsMaterial;
    if (options.cert !== undefined && options.key !== undefined) return (tlsMaterial = { cert: readPem(options.cert), key: readPem(options.key) });
    if (!options.dataDir && options.mqttPort === undefined) throw new Error("TLS with a generated certificate needs a data directory (or pass cert and key).");
    const dir = options.dataDir ?? (tempCertDir = mkdtempSync(join(tmpdir(), "hubjobs-cert-")));
    const files = ensureSelfSignedCertificate(dir, hubStore.list().map((h) => h.hostName));
    certPath = files.certPath;
    return (tlsMaterial = { cert: files.cert, key: files.key });
  };
  let server: Server;
  const useTls = options.tls === true || options.cert !== undefined;
  if (useTls) {
    const { cert, key } = certificate();
    server = createHttpsServer({ cert, key }, listener);
  } else {
    server = createHttpServer(listener);
  }
  const devices: DeviceEndpoint = await createDeviceEndpoint({ hubs: hubStore, registry, clock, ...(options.log ? { log: options.log } : {}) });
  invoker.live = devices.connections;
  follower.live = devices.connections;
  registry.onDesiredChanged = (hub, deviceId, patch, version) => devices.connections.pushDesired(hub, deviceId, patch, version);
  registry.onDeviceBarred = (hub, deviceId) => devices.connections.disconnect(hub, deviceId);
  admin.deviceConnections = devices.connections;
  const webSockets = attachWebSocketEndpoint(server, devices);
  // Keep-alive sockets must not hold close() open for the client's idle timeout.
  server.keepAliveTimeout = 5_000;

  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? (useTls ? 443 : 4300);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    jobs.close();
    follower.close();
    await devices.close();
    db.close();
    throw err;
  }
  let mqtt: MqttTlsListener | undefined;
  if (options.mqttPort !== undefined) {
    try {
      mqtt = await listenMqttTls(devices, { port: options.mqttPort, host: options.host ?? "127.0.0.1", ...certificate() });
    } catch (err) {
      jobs.close();
      webSockets.close();
      await devices.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      throw err;
    }
  }
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  endpoint = `${useTls ? "https" : "http"}://${urlHost}:${address.port}`;
  // The job engine starts after the server is up: resumed jobs may call back into the registry.
  jobs.resume();

  let closed = false;
  return {
    url: endpoint,
    hubName,
    hostName: hub.hostName,
    connectionString: connectionStringOf(hubStore.get(hubName) ?? hub),
    adminKey,
    certPath,
    mqttPort: mqtt?.port,
    devices: devices.connections,
    admin,
    async close() {
      if (closed) return;
      closed = true;
      jobs.close();
      follower.close();
      webSockets.close();
      await Promise.all([
        mqtt?.close(),
        devices.close(),
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
      ]);
      db.close();
      if (tempCertDir) rmSync(tempCertDir, { recursive: true, force: true });
    },
  };
}

function resolveAdminKey(options: StartHubOptions): string {
  if (options.adminKey) return options.adminKey;
  const fromEnv = process.env.HUBJOBS_ADMIN_KEY;
  if (fromEnv) return fromEnv;
  if (!options.dataDir) return randomBytes(24).toString("base64url");
  const file = join(options.dataDir, "admin-key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(24).toString("base64url");
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

function readPem(value: string | Buffer): Buffer {
  if (Buffer.isBuffer(value)) return value;
  return value.includes("-----BEGIN") ? Buffer.from(value) : readFileSync(value);
}
