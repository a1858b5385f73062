// existing: nothing to provision; the configured host and credential (connection string or Entra).
import * as pulumi from "@pulumi/pulumi";
import type { ExistingHubConfig } from "../config/types.ts";
import type { ProvisionedHub } from "./types.ts";

export function useExistingHub(config: ExistingHubConfig): ProvisionedHub {
  const access = {
    hostName: config.hostName,
    auth: config.auth,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.auth === "sas" && config.connectionString ? { connectionString: config.connectionString } : {}),
  };
  return {
    hostName: pulumi.output(config.hostName),
    identity: `existing/${config.hostName.toLowerCase()}`,
    // Secret as a whole whenever it carries a key.
    access: access.connectionString ? pulumi.secret(access) : pulumi.output(access),
    dependsOn: [],
  };
}
