// Hub provisioning per mode, under Pulumi mocks: what each mode hands the jobs, and that keys stay secret.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { provisionHub } from "../../src/hub/index.ts";
import { fakeHubKey, installMocks, valueOf } from "../program/mocks.ts";

beforeAll(async () => { await installMocks(); });

describe("provisionHub", () => {
  it("azure: the jobs get a secret registryReadWrite connection string for the hub's host", async () => {
    const hub = provisionHub({ mode: "azure", hubName: "contoso", explicitHubName: true, resourceGroupName: "rg", createResourceGroup: true, location: "westeurope", skuName: "S1", skuCapacity: 1, auth: "sas" });
    expect(await pulumi.isSecret(hub.access)).toBe(true);
    expect(await valueOf(hub.access)).toEqual({ hostName: "contoso.azure-devices.net", auth: "sas", connectionString: `HostName=contoso.azure-devices.net;SharedAccessKeyName=registryReadWrite;SharedAccessKey=${fakeHubKey}` });
    expect(await valueOf(hub.hostName)).toBe("contoso.azure-devices.net");
    expect(hub.dependsOn).toHaveLength(2); // resource group and hub
  });

  it("existing with a connection string: secret, nothing to depend on", async () => {
    const connectionString = `HostName=prod.azure-devices.net;SharedAccessKeyName=registryReadWrite;SharedAccessKey=${fakeHubKey}`;
    const hub = provisionHub({ mode: "existing", hostName: "prod.azure-devices.net", auth: "sas", connectionString, endpoint: "http://127.0.0.1:4300" });
    expect(await pulumi.isSecret(hub.access)).toBe(true);
    expect(await valueOf(hub.access)).toEqual({ hostName: "prod.azure-devices.net", auth: "sas", endpoint: "http://127.0.0.1:4300", connectionString });
    expect(hub.dependsOn).toEqual([]);
  });

  it("existing with Entra: host only, no credential in the inputs", async () => {
    const hub = provisionHub({ mode: "existing", hostName: "prod.azure-devices.net", auth: "entra" });
    expect(await valueOf(hub.access)).toEqual({ hostName: "prod.azure-devices.net", auth: "entra" });
  });

  it("local: the emulator hub's connection string, secret", async () => {
    const hub = provisionHub({ mode: "local", hubName: "dev", tier: "S1", emulatorUrl: "http://127.0.0.1:4300", emulatorAdminKey: "k", emulatorDataDir: ".hubjobs/emulator" });
    expect(await pulumi.isSecret(hub.access)).toBe(true);
    expect(await valueOf(hub.access)).toMatchObject({ hostName: "dev.localhost", endpoint: "http://127.0.0.1:4300", auth: "sas" });
  });
});
