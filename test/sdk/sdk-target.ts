// The hub the SDK conformance suite talks to: the embedded emulator (default), started with TLS on
// port 443 because the official SDK always speaks HTTPS to port 443 of the HostName, or a real
// Azure IoT hub when HUBJOBS_SDK_CONNECTION_STRING is set (Azurite's habit: one variable switches
// the same suite to the real service).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expandFleet, loadFleetFile, type FleetDevice } from "../../src/emulator/fleet/fleet-document.ts";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import { trustCertificate } from "../emulator/tls/trust-certificate.ts";
import { Registry } from "./sdk.ts";

export interface MethodCall {
  deviceId: string;
  methodName: string;
  /** What the device answers, when the suite knows it (the emulator's fleet file says). */
  expected?: { status: number; payload: unknown };
}

export interface SdkTarget {
  kind: "emulator" | "azure";
  /** A connection string with iothubowner (or equivalent registry read/write + service connect) rights. */
  connectionString: string;
  /** A connection string of a policy with registry read rights only, when known. */
  registryReadConnectionString: string | undefined;
  /** A connected device that implements a direct method; undefined on a real hub unless configured. */
  onlineMethod: MethodCall | undefined;
  /** A connected device whose method answers an error status (emulator fleet only). */
  failingMethod: MethodCall | undefined;
  /** A connected device whose method takes longer than 5 s (emulator fleet only). */
  slowMethod: MethodCall | undefined;
  /** A device identity that is not connected. */
  offlineDeviceId: string;
  /** Job ids and device ids are made unique per run with this prefix (a real hub remembers jobs 30 days). */
  runPrefix: string;
  /** The hub's concurrent job limit when known (F1/S1: 1); the 429 test needs 1. */
  maxActiveJobs: number | undefined;
  /** Devices the suite created; removed from a real hub at the end (the emulator's state is dropped). */
  createdDeviceIds: string[];
  /** The emulator's self-signed certificate (PEM file), for clients that take a trust store (Java). */
  caCertPath: string | undefined;
  /** How often to poll a job: a real hub takes tens of seconds to run one. */
  pollIntervalMs: number;
  close(): Promise<void>;
}

const FLEET_FILE = new URL("../../fleets/dev.yaml", import.meta.url).pathname;
const TLS_PORT = 443;
/** The devices' MQTT over TLS port: the device SDKs always connect to 8883 of the HostName. */
const MQTT_PORT = 8883;
/** Another process (another test run, a `hubjobs hub --tls`) may own port 443: wait for it this long. */
const PORT_WAIT_MS = 45_000;

export async function openSdkTarget(env: NodeJS.ProcessEnv = process.env): Promise<SdkTarget> {
  const connectionString = env.HUBJOBS_SDK_CONNECTION_STRING;
  if (connectionString) return azureTarget(connectionString, env);
  return emulatorTarget();
}

async function azureTarget(connectionString: string, env: NodeJS.ProcessEnv): Promise<SdkTarget> {
  const online = env.HUBJOBS_SDK_ONLINE_DEVICE;
  // Job ids must not repeat within the hub's 30 days of history, so a real run needs its own prefix.
  const runPrefix = env.HUBJOBS_SDK_RUN_ID ?? `sdk${Date.now().toString(36)}`;
  // A fresh identity has never connected: the offline device of a real hub.
  const registry = Registry.fromConnectionString(connectionString);
  const offlineDeviceId = `${runPrefix}-offline`;
  await registry.create({ deviceId: offlineDeviceId });
  const maxActiveJobs = Number(env.HUBJOBS_SDK_MAX_ACTIVE_JOBS);
  const createdDeviceIds = [offlineDeviceId];
  return {
    kind: "azure",
    connectionString,
    registryReadConnectionString: env.HUBJOBS_SDK_REGISTRY_READ_CONNECTION_STRING || undefined,
    onlineMethod: online ? { deviceId: online, methodName: env.HUBJOBS_SDK_ONLINE_METHOD ?? "LockDoor" } : undefined,
    failingMethod: undefined,
    slowMethod: undefined,
    offlineDeviceId,
    runPrefix,
    maxActiveJobs: Number.isInteger(maxActiveJobs) && maxActiveJobs > 0 ? maxActiveJobs : undefined,
    pollIntervalMs: 5_000,
    caCertPath: undefined,
    createdDeviceIds,
    async close() {
      // Best effort: a failed delete must not hide the suite's own results.
      for (const deviceId of createdDeviceIds) await registry.delete(deviceId).catch(() => undefined);
    },
  };
}

async function emulatorTarget(): Promise<SdkTarget> {
  // The dev fleet's reference devices: Device-1 online with LockDoor, and one offline device.
  const fleet = [...expandFleet(loadFleetFile(FLEET_FILE))];
  const onlineMethod = lockDoorCall(fleet.find((d) => d.deviceId === "Device-1" && d.connected !== false));
  const offline = fleet.find((d) => d.connected === false);
  if (!onlineMethod || !offline) throw new Error(`${FLEET_FILE} no longer has an online Device-1 with LockDoor and an offline device`);

  const dataDir = mkdtempSync(join(tmpdir(), "hubjobs-sdk-"));
  const hub = await startOn443(dataDir);
  const restoreTrust = trustCertificate(readFileSync(hub.certPath ?? "", "utf8"));
  const view = hub.admin.getHub(hub.hubName);
  const readPolicy = view.policies.find((p) => p.keyName === "registryRead");
  return {
    kind: "emulator",
    connectionString: hub.connectionString,
    registryReadConnectionString: readPolicy
      ? `HostName=${view.hostName};SharedAccessKeyName=${readPolicy.keyName};SharedAccessKey=${readPolicy.primaryKey}`
      : undefined,
    onlineMethod,
    failingMethod: lockDoorCall(fleet.find((d) => d.connected !== false && (d.methods?.LockDoor?.status ?? 200) >= 400)),
    slowMethod: lockDoorCall(fleet.find((d) => d.connected !== false && (d.methods?.LockDoor?.latencyMs ?? 0) > 5_000)),
    offlineDeviceId: offline.deviceId,
    runPrefix: "sdk",
    // The hub is started as S1, whose limit is one active job.
    maxActiveJobs: 1,
    pollIntervalMs: 200,
    caCertPath: hub.certPath,
    createdDeviceIds: [],
    async close() {
      await hub.close();
      restoreTrust();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function lockDoorCall(device: FleetDevice | undefined): MethodCall | undefined {
  const behaviour = device?.methods?.LockDoor;
  if (!device || !behaviour) return undefined;
  return { deviceId: device.deviceId, methodName: "LockDoor", expected: { status: behaviour.status ?? 200, payload: behaviour.payload ?? null } };
}

async function startOn443(dataDir: string): Promise<RunningHub> {
  const deadline = Date.now() + PORT_WAIT_MS;
  for (;;) {
    try {
      return await startHub({ port: TLS_PORT, mqttPort: MQTT_PORT, tls: true, dataDir, hostName: "localhost", fleet: FLEET_FILE, tier: "S1" });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EACCES") {
        throw new Error(
          "The SDK conformance suite needs ports 443 and 8883 (the SDKs always connect to https://<HostName>:443 and mqtts://<HostName>:8883). " +
            "Run as root, or allow it: sudo sysctl -w net.ipv4.ip_unprivileged_port_start=443",
          { cause: err },
        );
      }
      if (code !== "EADDRINUSE" || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
