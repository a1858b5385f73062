// The Pulumi program under mocks, once per hub mode.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ProgramConfig } from "../../src/config/types.ts";
import defineStack from "../../src/index.ts";
import * as program from "../../src/index.ts";
import { fakeHubKey, installMocks, secretValue, valueOf, type Recorded } from "./mocks.ts";
import { locateDevice, lockDoor, projectWith } from "./manifests.ts";

let recorded: Recorded;
beforeAll(async () => { recorded = await installMocks(); });
beforeEach(() => { recorded.resources.length = 0; recorded.calls.length = 0; });

const jobsDir = "jobs/";
const localConfig: ProgramConfig = {
  jobsDir,
  hub: { mode: "local", hubName: "dev", tier: "S1", emulatorUrl: "http://127.0.0.1:4300", emulatorAdminKey: "admin-key-from-test", emulatorDataDir: ".hubjobs/emulator" },
};

/** Waits until every resource of the stack is registered (their outputs resolve only then). */
async function settle(outputs: Awaited<ReturnType<typeof defineStack>>) {
  await valueOf(outputs.hubHostName);
  for (const job of Object.values(outputs.jobs)) await valueOf(job.status);
}

function ofType(type: string) {
  return recorded.resources.filter((r) => r.type === type);
}

describe("the program", () => {
  it("exports only a default function, as Pulumi requires of an entry module", () => {
    expect(Object.keys(program)).toEqual(["default"]);
  });

  it("local: creates the emulator hub and one job per manifest, named by metadata.name, fed by the hub's outputs", async () => {
    const cwd = projectWith({ "lock.yaml": lockDoor, "locate.yaml": locateDevice });
    const outputs = await defineStack({ config: localConfig, cwd });
    await settle(outputs);
    const [hub] = ofType("pulumi-nodejs:dynamic/hubjobs:LocalHub");
    expect(hub).toMatchObject({ name: "dev", inputs: expect.objectContaining({ hubName: "dev", adminUrl: "http://127.0.0.1:4300", tier: "S1" }) });
    const jobs = ofType("pulumi-nodejs:dynamic/hubjobs:Job");
    expect(jobs.map((j) => j.name).sort()).toEqual(["locate-device-1", "lock-doors-device-1"]);
    const lock = jobs.find((j) => j.name === "lock-doors-device-1")!;
    expect(lock.inputs).toMatchObject({
      kind: "DeviceMethodJob",
      request: { type: "scheduleDeviceMethod", queryCondition: "deviceId IN ['Device-1']", cloudToDeviceMethod: { methodName: "LockDoor" } },
    });
    // The hub access carries the key, so it reaches the engine only as a secret.
    const access = secretValue(lock.inputs.hub);
    expect(access).toMatchObject({ hostName: "dev.localhost", endpoint: "http://127.0.0.1:4300", auth: "sas" });
    expect(access.connectionString).toContain(fakeHubKey);
    expect(secretValue(hub!.inputs.adminKey)).toBe("admin-key-from-test");
    expect(Object.keys(outputs.jobs).sort()).toEqual(["locate-device-1", "lock-doors-device-1"]);
    const out = outputs.jobs["lock-doors-device-1"]!;
    expect(await valueOf(out.status)).toBe("completed");
    expect(await valueOf(out.jobId)).toBe(lock.inputs.jobId);
    expect(await valueOf(out.statistics)).toMatchObject({ deviceCount: 1 });
    expect(await valueOf(out.failedDevices)).toEqual([]);
    expect(await valueOf(out.deviceErrorCount)).toBe(0);
    // The rule it is judged by, for `hubjobs status --hub dev` and `npm start`'s summary.
    expect(out.completion).toMatchObject({ maxFailedPercent: 0 });
    expect(await valueOf(outputs.hubHostName)).toBe("dev.localhost");
    expect(outputs.hubTier).toBe("S1");
    // Blast radius is counted in preview only (hub queries are rate-limited); this is an update.
    expect(outputs.blastRadius).toBeUndefined();
    expect(await valueOf(outputs.hubEndpoint)).toBe("http://127.0.0.1:4300");
    expect(await pulumi.isSecret(outputs.hubConnectionString)).toBe(true);
    expect(await valueOf(outputs.hubConnectionString)).toContain(fakeHubKey);
  });

  it("azure: resource group, S1 x1 hub, registryReadWrite key lookup and a connection string that is secret", async () => {
    const cwd = projectWith({ "lock.yaml": lockDoor });
    await settle(await defineStack({
      cwd,
      config: { jobsDir, hub: { mode: "azure", hubName: "dev", explicitHubName: false, resourceGroupName: "rg-hubjobs", createResourceGroup: true, location: "westeurope", skuName: "S1", skuCapacity: 1, auth: "sas" } },
    }));
    expect(ofType("azure-native:resources:ResourceGroup")[0]?.inputs).toMatchObject({ resourceGroupName: "rg-hubjobs", location: "westeurope" });
    const hub = ofType("azure-native:iothub:IotHubResource")[0]!;
    expect(hub.inputs).toMatchObject({ sku: { name: "S1", capacity: 1 }, location: "westeurope" });
    const keyCall = recorded.calls.find((c) => c.token === "azure-native:iothub:listIotHubResourceKeys");
    expect(keyCall?.inputs).toMatchObject({ resourceGroupName: "rg-hubjobs", resourceName: "devabc123" });
    const job = ofType("pulumi-nodejs:dynamic/hubjobs:Job")[0]!;
    expect(secretValue(job.inputs.hub)).toEqual({ hostName: "devabc123.azure-devices.net", auth: "sas", connectionString: `HostName=devabc123.azure-devices.net;SharedAccessKeyName=registryReadWrite;SharedAccessKey=${fakeHubKey}` });
  });

  it("azure with an existing resource group and Entra auth: no group created, no key listed", async () => {
    const cwd = projectWith({ "lock.yaml": lockDoor });
    await settle(await defineStack({
      cwd,
      config: { jobsDir, hub: { mode: "azure", hubName: "jobs-hub", explicitHubName: true, resourceGroupName: "rg-shared", createResourceGroup: false, location: "westeurope", skuName: "S1", skuCapacity: 1, auth: "entra" } },
    }));
    expect(ofType("azure-native:resources:ResourceGroup")).toEqual([]);
    expect(ofType("azure-native:iothub:IotHubResource")[0]?.inputs).toMatchObject({ resourceGroupName: "rg-shared", resourceName: "jobs-hub" });
    expect(recorded.calls.map((c) => c.token)).not.toContain("azure-native:iothub:listIotHubResourceKeys");
    expect(ofType("pulumi-nodejs:dynamic/hubjobs:Job")[0]?.inputs.hub).toEqual({ hostName: "jobs-hub.azure-devices.net", auth: "entra" });
  });

  it("existing: provisions nothing and passes the given host and credential to each job", async () => {
    const cwd = projectWith({ "lock.yaml": lockDoor });
    const connectionString = `HostName=prod.azure-devices.net;SharedAccessKeyName=registryReadWrite;SharedAccessKey=${fakeHubKey}`;
    await settle(await defineStack({ cwd, config: { jobsDir, hub: { mode: "existing", hostName: "prod.azure-devices.net", auth: "sas", connectionString } } }));
    expect(recorded.resources.map((r) => r.type)).toEqual(["pulumi-nodejs:dynamic/hubjobs:Job"]);
    expect(secretValue(recorded.resources[0]!.inputs.hub)).toEqual({ hostName: "prod.azure-devices.net", auth: "sas", connectionString });
  });

  it("fails before registering anything when a manifest is invalid, listing every problem as file:line:col", async () => {
    const broken = lockDoor.replace("name: LockDoor", "name: 42").replace("maxExecutionTime: 2m", "maxExecutionTime: forever");
    const cwd = projectWith({ "a-good.yaml": locateDevice, "b-broken.yaml": broken });
    const err = await defineStack({ config: localConfig, cwd }).catch((e) => e);
    expect(pulumi.RunError.isInstance(err)).toBe(true);
    const lines = String(err.message).split("\n").filter((l: string) => l.startsWith("jobs/"));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^jobs\/b-broken\.yaml:\d+:\d+: error /);
    expect(recorded.resources).toEqual([]);
  });

  it("a fleet file it cannot read is a configuration problem: a RunError (Pulumi prints it without a stack), nothing registered", async () => {
    const cwd = projectWith({ "lock.yaml": lockDoor });
    const err = await defineStack({ config: { ...localConfig, hub: { ...localConfig.hub, fleetFile: "fleets/missing.yaml" } as ProgramConfig["hub"] }, cwd }).catch((e) => e);
    expect(pulumi.RunError.isInstance(err)).toBe(true);
    expect(String(err.message)).toMatch(/^1 problem in the hubjobs configuration of stack \S+ \(Pulumi\.\S+\.yaml\); nothing was applied:\n  hubjobs:fleetFile: cannot read fleets\/missing\.yaml \(.*ENOENT\)$/);
    expect(recorded.resources).toEqual([]);
  });

  it("a bug is not dressed up as an expected failure: other errors keep their type and stack", async () => {
    const cwd = projectWith({ "lock.yaml": lockDoor });
    const err = await defineStack({ config: { ...localConfig, hub: { ...localConfig.hub, mode: "bogus" } as unknown as ProgramConfig["hub"] }, cwd }).catch((e) => e);
    expect(pulumi.RunError.isInstance(err)).toBe(false);
    expect(err).toBeInstanceOf(Error);
  });
});
