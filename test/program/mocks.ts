// Pulumi mocks for program tests: records every resource and call, and answers like the real
// providers would (hub host names, keys, job status).
import * as pulumi from "@pulumi/pulumi";

export interface Recorded {
  resources: pulumi.runtime.MockResourceArgs[];
  calls: pulumi.runtime.MockCallArgs[];
  /**
   * Per job name, state to answer instead of a fresh create's: e.g. `{ appliedAt: <earlier> }` for a
   * job an earlier deployment recorded, or `{ appliedAt: undefined }` for one a preview is about to
   * create (the engine knows no `appliedAt` for it yet).
   */
  jobState: Record<string, Record<string, unknown>>;
  /** What the engine's readStackResourceOutputs answers: URN -> { outputs } from the stack's checkpoint. */
  checkpoint: Record<string, unknown>;
}

// Built at run time: never a committed key.
export const fakeHubKey = Buffer.from(`mock-key-${process.pid}-${Date.now()}`).toString("base64");

export async function installMocks(options: { preview?: boolean } = {}): Promise<Recorded> {
  const recorded: Recorded = { resources: [], calls: [], jobState: {}, checkpoint: {} };
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        recorded.resources.push(args);
        const inputs = args.inputs as Record<string, unknown>;
        switch (args.type) {
          case "azure-native:resources:ResourceGroup":
            return { id: `/subscriptions/s/resourceGroups/${inputs.resourceGroupName}`, state: { ...inputs, name: inputs.resourceGroupName } };
          case "azure-native:iothub:IotHubResource": {
            const name = (inputs.resourceName as string | undefined) ?? `${args.name}abc123`;
            return { id: `/subscriptions/s/iothubs/${name}`, state: { ...inputs, name, properties: { hostName: `${name}.azure-devices.net` } } };
          }
          case "pulumi-nodejs:dynamic/hubjobs:LocalHub": {
            const hostName = `${inputs.hubName}.localhost`;
            return { id: String(inputs.hubName), state: { ...inputs, hostName, tier: inputs.tier ?? "S1", endpoint: inputs.adminUrl, connectionString: `HostName=${hostName};SharedAccessKeyName=iothubowner;SharedAccessKey=${fakeHubKey}` } };
          }
          case "pulumi-nodejs:dynamic/hubjobs:Job":
            return {
              id: String(inputs.jobId),
              state: {
                ...inputs,
                type: (inputs.request as { type: string }).type,
                status: "completed",
                deviceJobStatistics: { deviceCount: 1, succeededCount: 1, failedCount: 0, runningCount: 0, pendingCount: 0 },
                failedDevices: [],
                deviceErrorCount: (inputs.request as { type: string }).type === "scheduleDeviceMethod" ? 0 : undefined,
                appliedAt: new Date().toISOString(),
                adopted: false,
                outcome: { ok: true, message: "ok" },
                ...recorded.jobState[args.name],
              },
            };
          default:
            return { id: `${args.name}-id`, state: inputs };
        }
      },
      call(args) {
        recorded.calls.push(args);
        const inputs = args.inputs as Record<string, unknown>;
        if (args.token === "pulumi:pulumi:readStackResourceOutputs") return { name: inputs.stackName, outputs: recorded.checkpoint };
        if (args.token === "azure-native:iothub:listIotHubResourceKeys") {
          return { nextLink: "", value: [{ keyName: "iothubowner", primaryKey: "other", rights: "RegistryWrite, ServiceConnect, DeviceConnect" }, { keyName: "registryReadWrite", primaryKey: fakeHubKey, rights: "RegistryWrite" }] };
        }
        if (args.token === "azure-native:resources:getResourceGroup") return { name: inputs.resourceGroupName, location: "westeurope", id: `/rg/${inputs.resourceGroupName}` };
        return {};
      },
    },
    "hubjobs",
    "test",
    options.preview ?? false,
    "organization",
  );
  return recorded;
}

export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => { resolve(v); return v; }));
}

export function isSecret<T>(output: pulumi.Output<T>): Promise<boolean> {
  return pulumi.isSecret(output);
}

// How the engine sees a secret value: a wrapper object tagged with Pulumi's secret signature.
const specialSigKey = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";

/** The value inside a secret input; throws when the input was not marked secret. */
export function secretValue(input: unknown): any {
  const w = input as Record<string, unknown> | undefined;
  if (!w || w[specialSigKey] !== secretSig) throw new Error(`expected a secret, got ${JSON.stringify(input)}`);
  return w.value;
}
