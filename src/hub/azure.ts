// azure: a resource group (created, or an existing one), an IoT Hub (S1 x1 by default), and a
// connection string from its registryReadWrite key, kept secret.
import * as iothub from "@pulumi/azure-native/iothub/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import * as pulumi from "@pulumi/pulumi";
import type { AzureHubConfig } from "../config/types.ts";
import { formatConnectionString } from "../iothub/connection-string.ts";
import type { ProvisionedHub } from "./types.ts";

/** Policy whose rights cover jobs (registry read and write). */
export const jobsPolicyName = "registryReadWrite";

export function provisionAzureHub(config: AzureHubConfig): ProvisionedHub & { resourceGroupName: pulumi.Output<string>; hubName: pulumi.Output<string> } {
  const dependsOn: pulumi.Resource[] = [];
  let resourceGroupName: pulumi.Output<string>;
  if (config.createResourceGroup) {
    const group = new resources.ResourceGroup("hubjobs", { resourceGroupName: config.resourceGroupName, location: config.location });
    resourceGroupName = group.name;
    dependsOn.push(group);
  } else {
    resourceGroupName = resources.getResourceGroupOutput({ resourceGroupName: config.resourceGroupName }).name;
  }

  const hub = new iothub.IotHubResource(config.hubName, {
    resourceGroupName,
    ...(config.explicitHubName ? { resourceName: config.hubName } : {}),
    location: config.location,
    sku: { name: config.skuName, capacity: config.skuCapacity },
  });
  dependsOn.push(hub);
  const hostName = hub.properties.apply((p) => p.hostName ?? "");

  let access: pulumi.Output<ProvisionedHub["access"] extends pulumi.Output<infer T> ? T : never>;
  if (config.auth === "entra") {
    access = pulumi.output({ hostName, auth: "entra" as const });
  } else {
    const keys = iothub.listIotHubResourceKeysOutput({ resourceGroupName, resourceName: hub.name });
    const connectionString = pulumi.secret(
      pulumi.all([hostName, keys]).apply(([host, k]) => {
        const rule = k.value?.find((r) => r.keyName === jobsPolicyName);
        // The hub's own policies are the user's to fix: a RunError is printed without a stack.
        if (!rule?.primaryKey) throw new pulumi.RunError(`IoT Hub ${host} has no ${jobsPolicyName} shared access policy with a key: add one (registry read and write) in the portal or with \`az iot hub policy create\`, or use hubjobs:auth entra`);
        return formatConnectionString({ hostName: host, sharedAccessKeyName: jobsPolicyName, sharedAccessKey: rule.primaryKey });
      }),
    );
    access = pulumi.secret(pulumi.all([hostName, connectionString]).apply(([h, cs]) => ({ hostName: h, auth: "sas" as const, connectionString: cs })));
  }
  // An auto-named hub keeps its generated name across updates; a new group or region is a new hub.
  const identity = `azure/${config.resourceGroupName}/${config.explicitHubName ? config.hubName : `${config.hubName} (auto-named)`}@${config.location}`;
  return { hostName, identity, access, dependsOn, resourceGroupName, hubName: hub.name };
}
