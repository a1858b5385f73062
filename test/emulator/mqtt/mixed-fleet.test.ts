// One method job over a hub where real devices (the official SDK over MQTT) and simulated ones (the
// fleet) live together: each device's row says what that device did.
import type { Client, DeviceMethodRequest, DeviceMethodResponse } from "azure-iot-device";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetDocument } from "../../../src/emulator/fleet/fleet-document.ts";
import { nextName, startTestHub, type TestHub } from "../helpers.ts";
import { deviceKey, openSdkDevice, testConnectionString, waitFor } from "./device-clients.ts";

const fleet = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: [
    { deviceId: "Sim-1", tags: { site: "a" }, methods: { LockDoor: { status: 200, payload: { locked: true, sim: true } } } },
    { deviceId: "Sim-2", tags: { site: "a" }, methods: { LockDoor: { status: 500, payload: { error: "lock jammed" } } } },
    { deviceId: "Sim-Off", tags: { site: "a" }, connected: false, methods: { LockDoor: { status: 200 } } },
  ],
} as FleetDocument;

let hub: TestHub;
let real: Client;

beforeAll(async () => {
  hub = await startTestHub({ mqttPort: 0, fleet });
  for (const id of ["Real-1", "Real-Off"]) {
    await deviceKey(hub, id);
    await hub.call("PATCH", `/twins/${id}`, { body: { tags: { site: "a" } } });
  }
  real = await openSdkDevice(testConnectionString(hub, "Real-1", await deviceKey(hub, "Real-1")), hub.certPath!);
  real.onDeviceMethod("LockDoor", (req: DeviceMethodRequest, res: DeviceMethodResponse) => {
    res.send(200, { locked: true, real: true, asked: req.payload }, () => {});
  });
  await new Promise((r) => setTimeout(r, 200));
}, 30_000);

afterAll(async () => {
  await real?.close();
  await hub?.close();
});

describe("a method job over real and simulated devices", () => {
  it("records each device's own answer, and DeviceNotOnline for the devices that are neither", async () => {
    const jobId = nextName("mixed");
    const created = await hub.call("PUT", `/jobs/v2/${jobId}`, {
      body: { jobId, type: "scheduleDeviceMethod", queryCondition: "tags.site = 'a'", cloudToDeviceMethod: { methodName: "LockDoor", payload: { by: "job" }, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 }, maxExecutionTimeInSeconds: 60 },
    });
    expect(created.status).toBe(200);
    let job: { status: string; deviceJobStatistics: Record<string, number> } = created.body;
    await waitFor(async () => {
      job = (await hub.call("GET", `/jobs/v2/${jobId}`)).body;
      return job.status === "completed";
    }, "the job to complete");
    expect(job.deviceJobStatistics).toMatchObject({ deviceCount: 5, succeededCount: 3, failedCount: 2, runningCount: 0, pendingCount: 0 });

    const rows = (await hub.call("POST", "/devices/query", { body: { query: `SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '${jobId}'` } })).body as Record<string, any>[];
    const byDevice = Object.fromEntries(rows.map((r) => [r.deviceId, r]));
    expect(byDevice["Real-1"]).toMatchObject({
      status: "completed",
      outcome: { deviceMethodResponse: { status: 200, payload: { locked: true, real: true, asked: { by: "job" } } } },
      // The Java service SDK reads the answer from here (see job-response.ts).
      cloudToDeviceMethod: { status: 200, payload: { locked: true, real: true, asked: { by: "job" } } },
    });
    expect(byDevice["Sim-1"]).toMatchObject({ status: "completed", outcome: { deviceMethodResponse: { status: 200, payload: { locked: true, sim: true } } } });
    expect(byDevice["Sim-2"]).toMatchObject({ status: "completed", outcome: { deviceMethodResponse: { status: 500, payload: { error: "lock jammed" } } } });
    for (const offline of ["Real-Off", "Sim-Off"]) {
      expect(byDevice[offline]).toMatchObject({ status: "failed", outcome: { deviceMethodResponse: null }, error: { code: "DeviceNotOnline" } });
      expect(byDevice[offline]).not.toHaveProperty("cloudToDeviceMethod");
    }
  });
});
