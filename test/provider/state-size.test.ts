// What one job resource costs in the stack's state: inputs and outputs as the engine records them
// (each with the serialized provider, secrets as ciphertext envelopes), for a job that failed on
// more devices than the outputs name (unreachable ones, or ones answering errors). Kept at most 20 KB.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as impl from "../../src/provider/job-impl.ts";
import { jobProvider } from "../../src/provider/job-provider.ts";
import { startEmulator, type TestHub } from "./embedded-hub.ts";
import { jobInputs, methodRequest } from "./fixtures.ts";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => { emulator = await startEmulator(); });
afterAll(async () => { await emulator.close(); });

/** A secret as the file backend stores it: a signature plus base64 ciphertext of the JSON value. */
function asStoredSecret(value: unknown) {
  const plaintext = Buffer.byteLength(JSON.stringify(value));
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "x".repeat(Math.ceil(((plaintext + 28) * 4) / 3) + 16) };
}

/** The bytes one job resource takes in a file backend's checkpoint. */
async function stateBytes(inputs: ReturnType<typeof jobInputs>, outs: Awaited<ReturnType<typeof impl.create>>["outs"]): Promise<number> {
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
  console.log(`state bytes per job resource (${inputs.name}): ${bytes} (serialized provider ${Buffer.byteLength(provider)} bytes, twice)`);
  return bytes;
}

function lockAll(name: string, hub: TestHub) {
  const jobId = `${name}-7f3a9c21`;
  return jobInputs(name, jobId, hub.access, {
    request: methodRequest(jobId, { queryCondition: "*", cloudToDeviceMethod: { methodName: "LockDoor", payload: { reason: "after-hours", requestedBy: "facilities" }, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 } }),
    labels: { team: "facilities", building: "43", ticket: "FAC-1234" },
  });
}

it("a job resource records at most 20 KB of state with ten unreachable devices", async () => {
  const offline = Array.from({ length: 25 }, (_, i) => ({ deviceId: `Door-Controller-${String(i).padStart(4, "0")}`, connected: false }));
  const hub = await emulator.newHub({ fleet: { apiVersion: "hubjobs/v1", kind: "Fleet", devices: offline } });
  const inputs = lockAll("lock-all-doors-in-building-43", hub);
  const { outs } = await impl.create(inputs, { pollIntervalMs: 20, log: () => {} });
  expect(outs.failedDevices).toHaveLength(impl.failedDeviceCap);
  expect(outs.deviceJobStatistics.failedCount).toBe(25);
  expect(await stateBytes(inputs, outs)).toBeLessThanOrEqual(20 * 1024);
});

it("a job resource records at most 20 KB of state with ten devices answering errors with large payloads", async () => {
  // 40-character ids and 24 KB answers: truncation, not the answer size, bounds the state.
  const jammed = Array.from({ length: 25 }, (_, i) => ({
    deviceId: `Building-43-Floor-3-Door-Controller-${String(i).padStart(4, "0")}`,
    connected: true,
    methods: { LockDoor: { status: 500, payload: { error: "lock jammed", trace: "at LockDoor ".repeat(2000) } } },
  }));
  const hub = await emulator.newHub({ fleet: { apiVersion: "hubjobs/v1", kind: "Fleet", devices: jammed } });
  const inputs = lockAll("lock-all-doors-in-building-44", hub);
  const { outs } = await impl.create(inputs, { pollIntervalMs: 20, log: () => {} });
  expect(outs.failedDevices).toHaveLength(impl.failedDeviceCap);
  expect(outs).toMatchObject({ deviceErrorCount: 25, outcome: { ok: false, problem: "tooManyFailures" } });
  expect(await stateBytes(inputs, outs)).toBeLessThanOrEqual(20 * 1024);
});
