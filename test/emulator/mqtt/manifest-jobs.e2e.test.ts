// Jobs from manifests, applied with the real Pulumi engine, reaching a device app written with the
// official Node device SDK over MQTT/TLS: the method job's call arrives in the app and its answer is
// the job's row; the twin job's desired patch arrives as a desired-properties event.
import type { Client, DeviceMethodRequest, DeviceMethodResponse } from "azure-iot-device";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2EProject, requireEngine, skipReason } from "../../e2e/harness.ts";
import { deviceKey, openSdkDevice, testConnectionString, waitFor, withServiceCalls, type DeviceTestHub } from "./device-clients.ts";

const STEP_TIMEOUT = 180_000;

const lockManifest = `apiVersion: hubjobs/v1
kind: DeviceMethodJob
metadata:
  name: lock-door-app
spec:
  target:
    deviceIds: [Door-App]
  method:
    name: LockDoor
    payload: { reason: manifest }
    responseTimeout: 10s
  schedule:
    maxExecutionTime: 2m
  completion:
    wait: true
    timeout: 2m
`;

const intervalManifest = `apiVersion: hubjobs/v1
kind: TwinUpdateJob
metadata:
  name: door-app-interval
spec:
  target:
    deviceIds: [Door-App]
  twin:
    desired:
      telemetryInterval: 42
  schedule:
    maxExecutionTime: 2m
  completion:
    wait: true
    timeout: 2m
`;

describe.skipIf(skipReason !== undefined)("manifest jobs reach a real device (real Pulumi engine, official device SDK)", () => {
  let project: E2EProject;
  let hub: DeviceTestHub;
  let device: Client;
  const calls: unknown[] = [];
  const desiredPatches: Record<string, unknown>[] = [];

  beforeAll(async () => {
    project = await E2EProject.create(requireEngine(), { tier: "S2", mqttPort: 0 });
    hub = withServiceCalls(project.hub);
    device = await openSdkDevice(testConnectionString(hub, "Door-App", await deviceKey(hub, "Door-App")), hub.certPath!);
    device.onDeviceMethod("LockDoor", (req: DeviceMethodRequest, res: DeviceMethodResponse) => {
      calls.push(req.payload);
      res.send(200, { locked: true }, () => {});
    });
    const twin = await device.getTwin();
    twin.on("properties.desired", (patch: Record<string, unknown>) => desiredPatches.push(patch));
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await device?.close();
    await project?.dispose();
  });

  it("pulumi up runs the method job; the app receives LockDoor and its answer is the job's row", async () => {
    project.writeManifest("lock.yaml", lockManifest);
    await project.pulumiOk(["up", "--yes"]);
    expect(calls).toEqual([{ reason: "manifest" }]);
    const [job] = await project.hubJobsFor("lock-door-app");
    expect(job).toMatchObject({ status: "completed", deviceJobStatistics: { deviceCount: 1, succeededCount: 1, failedCount: 0 } });
    const rows = (await hub.call("POST", "/devices/query", { body: { query: `SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '${job!.jobId}'` } })).body;
    expect(rows).toMatchObject([{ deviceId: "Door-App", status: "completed", outcome: { deviceMethodResponse: { status: 200, payload: { locked: true } } } }]);
  }, STEP_TIMEOUT);

  it("pulumi up runs the twin job; the app receives the desired patch", async () => {
    project.writeManifest("interval.yaml", intervalManifest);
    await project.pulumiOk(["up", "--yes"]);
    await waitFor(() => desiredPatches.some((p) => p.telemetryInterval === 42), "the twin job's desired patch on the device");
    expect(calls).toHaveLength(1);
  }, STEP_TIMEOUT);
});
