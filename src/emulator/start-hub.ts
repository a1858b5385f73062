// Starts the embedded IoT Hub: opens the database, makes sure the default hub exists, loads its
// fleet, wires the job engine and serves the pipeline over HTTP or HTTPS.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { EmulatorAdmin } from "./admin/admin-operations.ts";
import { adminRoutes, type AdminRoute } from "./admin/admin-routes.ts";
import { emulatorIdentity } from "./admin/identity.ts";
import { systemClock, type Clock } from "./clock.ts";
import { FaultInjector } from "./faults/fault-injector.ts";
import { applyFleet } from "./fleet/apply-fleet.ts";
import { loadFleetFile, type FleetDocument } from "./fleet/fleet-document.ts";
import { MethodInvoker } from "./fleet/method-invoker.ts";
import { connectionStringOf, HubManager } from "./hub-manager.ts";
import { OperationThrottle } from "./http/operation-throttle.ts";
import { createPipeline } from "./http/pipeline.ts";
import { RouteTable } from "./http/route-table.ts";
import type { RouteDefinition } from "./http/types.ts";
import { createPlatformJobHost } from "./job-host.ts";
import { createJobEngine } from "./jobs/index.ts";
import { Registry } from "./registry/registry.ts";
import { serviceRoutes } from "./registry/service-routes.ts";
import { openDatabase } from "./store/database.ts";
import { DeviceStore } from "./store/device-store.ts";
import { HubStore, type HubTier } from "./store/hub-store.ts";
import { ensureSelfSignedCertificate } from "./tls/self-signed.ts";

export interface StartHubOptions {
  /** 0 = a free port (tests). Default 4300, or 443 with TLS. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Where hub.db, admin-key and tls/ live. Without it, state is in memory only. */
  dataDir?: string;
  /** Name of the hub to create or adopt at start. Default `dev`. */
  hubName?: string;
  /** Host name clients sign for. Default `<hubName>.localhost`. */
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
}

export interface RunningHub {
  /** Endpoint clients use, e.g. `http://127.0.0.1:4300`. */
  url: string;
  hubName: string;
  hostName: string;
  /** iothubowner connection string of the default hub. */
  connectionString: string;
  adminKey: string;
  /** Path of the generated certificate when `tls` was used without `cert`/`key`. */
  certPath: string | undefined;
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
  const manager = new HubManager(hubStore, deviceStore, clock);
  const faults = new FaultInjector();
  let endpoint = "";
  const admin = new EmulatorAdmin({ db, clock, manager, registry, faults, endpoint: () => endpoint });

  const ensureOptions: { tier?: HubTier; hostName?: string } = {};
  if (options.tier) ensureOptions.tier = options.tier;
  if (options.hostName) ensureOptions.hostName = options.hostName;
  const { hub } = manager.ensure(hubName, ensureOptions);
  if (options.fleet !== undefined) {
    const fleet = typeof options.fleet === "string" ? loadFleetFile(options.fleet) : options.fleet;
    applyFleet(db, deviceStore, clock, hubName, fleet, { overwrite: false });
  }

  const jobHost = createPlatformJobHost({ db, clock, hubs: hubStore, registry, invoker, realisticLimits: options.realisticLimits ?? false });
  const jobs = createJobEngine(jobHost);
  const throttle = options.realisticLimits ? new OperationThrottle() : undefined;
  manager.onDelete = (name) => {
    jobs.deleteHub(name);
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
  let server: Server;
  const useTls = options.tls === true || options.cert !== undefined;
  if (useTls) {
    let cert = options.cert;
    let key = options.key;
    if (cert === undefined || key === undefined) {
      if (!options.dataDir) throw new Error("TLS with a generated certificate needs a data directory (or pass cert and key).");
      const files = ensureSelfSignedCertificate(options.dataDir, hubStore.list().map((h) => h.hostName));
      cert = files.cert;
      key = files.key;
      certPath = files.certPath;
    }
    server = createHttpsServer({ cert: readPem(cert), key: readPem(key) }, listener);
  } else {
    server = createHttpServer(listener);
  }
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
    db.close();
    throw err;
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
    admin,
    async close() {
      if (closed) return;
      closed = true;
      jobs.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
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
