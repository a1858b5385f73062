// Real devices at scale (issue 15): 2,000 concurrent MQTT-over-TLS device connections to the embedded
// hub (the devices in a child process, bench/mqtt-device-swarm.ts), then one method job over all of
// them. Prints the connect rate, the job's method calls per second and the hub's RSS.
// Targets: at least 1,000 method calls/s, hub RSS at most 1 GB. Run: node bench/mqtt-devices.bench.ts
// (BENCH_QUICK=1: 300 devices).
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { signSas } from "../src/iothub/sas.ts";
import type { FleetDocument } from "../src/emulator/fleet/fleet-document.ts";
import { startHub } from "../src/emulator/start-hub.ts";
import type { SwarmConfig, SwarmMessage } from "./mqtt-device-swarm.ts";

const DEVICES = process.env.BENCH_QUICK === "1" ? 300 : 2_000;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const deviceIds = Array.from({ length: DEVICES }, (_, i) => `door-${String(i).padStart(5, "0")}`);
// Registered but offline in the fleet: only a real connection makes them reachable.
const fleet = { apiVersion: "hubjobs/v1", kind: "Fleet", devices: deviceIds.map((deviceId) => ({ deviceId, connected: false })) } as FleetDocument;
const hub = await startHub({ port: 0, mqttPort: 0, tier: "S3", fleet });
const swarm = fork(new URL("./mqtt-device-swarm.ts", import.meta.url).pathname, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
const next = <K extends SwarmMessage["kind"]>(kind: K) =>
  new Promise<Extract<SwarmMessage, { kind: K }>>((resolve, reject) => {
    const onMessage = (m: SwarmMessage) => {
      if (m.kind === "failed") reject(new Error(m.error));
      else if (m.kind === kind) {
        swarm.off("message", onMessage);
        resolve(m as Extract<SwarmMessage, { kind: K }>);
      }
    };
    swarm.on("message", onMessage);
  });

try {
  const policy = hub.admin.getHub(hub.hubName).policies.find((p) => p.keyName === "device")!;
  const config: SwarmConfig = { port: hub.mqttPort!, hostName: hub.hostName, policyKey: policy.primaryKey, ca: readFileSync(hub.certPath!, "utf8"), deviceIds, concurrency: 50 };
  swarm.send({ kind: "start", config });
  const connected = await next("connected");
  const online = hub.devices.connectedDeviceIds(hub.hubName).length;
  console.log(`connections: ${connected.count} devices (hub sees ${online}) in ${(connected.ms / 1000).toFixed(1)} s = ${((connected.count / connected.ms) * 1000).toFixed(0)} connects/s`);
  if (online !== DEVICES) throw new Error(`only ${online} of ${DEVICES} devices are connected`);

  const key = /SharedAccessKey=([^;]+)/.exec(hub.connectionString)![1]!;
  const authorization = signSas({ resourceUri: hub.hostName, keyName: "iothubowner", key, expiry: Math.floor(Date.now() / 1000) + 3600 });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${hub.url}${path}?api-version=2021-04-12`, { method, headers: { authorization, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await res.json()) as Record<string, any>;
  };
  const jobId = "bench-lock-all";
  await call("PUT", `/jobs/v2/${jobId}`, { jobId, type: "scheduleDeviceMethod", queryCondition: "*", cloudToDeviceMethod: { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 30 }, maxExecutionTimeInSeconds: 600 });
  let job: Record<string, any>;
  for (;;) {
    job = await call("GET", `/jobs/v2/${jobId}`);
    if (["completed", "failed", "cancelled"].includes(job.status)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (Date.parse(job.endTime) - Date.parse(job.startTime)) / 1000;
  const stats = job.deviceJobStatistics;
  console.log(`method job: ${job.status}, ${stats.succeededCount} of ${stats.deviceCount} devices answered, ${stats.failedCount} failed, in ${seconds.toFixed(2)} s = ${(stats.succeededCount / Math.max(seconds, 0.001)).toFixed(0)} method calls/s (target >= 1000)`);
  if (job.status !== "completed" || stats.succeededCount !== DEVICES) throw new Error("the method job did not reach every device");

  swarm.send({ kind: "rss" });
  const devicesRss = (await next("rss")).rss;
  const hubRss = process.memoryUsage().rss;
  console.log(`RSS: hub ${mb(hubRss)} (target <= 1024 MB) with ${DEVICES} connections; device swarm process ${mb(devicesRss)}`);
} finally {
  swarm.kill();
  await hub.close();
}
