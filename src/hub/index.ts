// Hub provisioning by mode.
import type { HubConfig } from "../config/types.ts";
import { provisionAzureHub } from "./azure.ts";
import { useExistingHub } from "./existing.ts";
import { provisionLocalHub } from "./local.ts";
import type { ProvisionedHub } from "./types.ts";

export function provisionHub(config: HubConfig, cwd = process.cwd()): ProvisionedHub {
  switch (config.mode) {
    case "local":
      return provisionLocalHub(config, {}, cwd);
    case "azure":
      return provisionAzureHub(config);
    case "existing":
      return useExistingHub(config);
  }
}

export { provisionAzureHub, jobsPolicyName } from "./azure.ts";
export { provisionLocalHub } from "./local.ts";
export { useExistingHub } from "./existing.ts";
export type { ProvisionedHub } from "./types.ts";
