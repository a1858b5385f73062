// What one job resource costs in the stack's state: inputs and outputs as the engine records them
// (each with the serialized provider, secrets as ciphertext envelopes), for a job that failed on
// more devices than the outputs name. Kept at most 20 KB.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as impl from "../../src/provider/job-impl.ts";
import { jobProvider } from "../../src/provider/job-provider.ts";
import { startEmulator } from "./embedded-hub.ts";
import { jobInputs, methodRequest } from "./fixtures.ts";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => { emulator = await startEmulator(); });
afterAll(async () => { await emulator.close(); });

/** A secret as the file backend stores it: a signature plus base64 ciphertext of the JSON value. */
function asStoredSecret(value: unknown) {
  const plaintext = Buffer.byteLength(JSON.stringify(value));
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "x".repeat(Math.ceil(((plaintext + 28) * 4) / 3) + 16) };
}

it("a job resource records at most 20 KB of state", async () => {
  const offline = Array.from({ length: 25 }, (_, i) => ({ deviceId: `Door-Controller-${String(i).padStart(4, "0")}`, connected: false }));
  const hub = await emulator.newHub({ fleet: { apiVersion: "hubjobs/v1", kind: "Fleet", devices: offline } });
  const inputs = jobInputs("lock-all-doors-in-building-43", "lock-all-doors-in-building-43-7f3a9c21", hub.access, {
    request: methodRequest("lock-all-doors-in-building-43-7f3a9c21", { queryCondition: "*", cloudToDeviceMethod: { methodName: "LockDoor", payload: { reason: "after-hours", requestedBy: "facilities" }, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 } }),
    labels: { team: "facilities", building: "43", ticket: "FAC-1234" },
  });
  const { outs } = await impl.create(inputs, { pollIntervalMs: 20, log: () => {} });
  expect(outs.failedDevices).toHaveLength(impl.failedDeviceCap);
  expect(outs.deviceJobStatistics.failedCount).toBe(25);

  const provider = (await pulumi.runtime.serializeFunction(() => jobProvider, { allowSecrets: true })).text;
  const urn = `urn:pulumi:dev::hubjobs::pulumi-nodejs:dynamic/hubjobs:Job::${inputs.name}`;
  const state = {
    urn,
    custom: true,
    id: outs.jobId,
    type: "pulumi-nodejs:dynamic/hubjobs:Job",
    inputs: { ...inputs, hub: asStoredSecret(inputs.hub), __provider: provider },
    outputs: { ...outs, hub: asStoredSecret(outs.hub), __provider: provider },
    parent: "urn:pulumi:dev::hubjobs::pulumi:pulumi:Stack::hubjobs-dev",
    dependencies: ["urn:pulumi:dev::hubjobs::pulumi-nodejs:dynamic/hubjobs:LocalHub::dev"],
    provider: "urn:pulumi:dev::hubjobs::pulumi:providers:pulumi-nodejs::default::04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    propertyDependencies: { hub: ["urn:pulumi:dev::hubjobs::pulumi-nodejs:dynamic/hubjobs:LocalHub::dev"] },
    additionalSecretOutputs: ["hub"],
    created: outs.appliedAt,
    modified: outs.appliedAt,
  };
  const bytes = Buffer.byteLength(JSON.stringify(state, null, 4));
  console.log(`state bytes per job resource: ${bytes} (serialized provider ${Buffer.byteLength(provider)} bytes, twice)`);
  expect(bytes).toBeLessThanOrEqual(20 * 1024);
});
