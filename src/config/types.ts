// The program's configuration: every key lives under `hubjobs:` in the stack file.

export interface LocalHubConfig {
  mode: "local";
  hubName: string;
  tier: string;
  emulatorUrl: string;
  /** Secret; from config, HUBJOBS_ADMIN_KEY or `<emulatorDataDir>/admin-key`. */
  emulatorAdminKey: string;
  emulatorDataDir: string;
  /** Fleet file the LocalHub resource seeds into this hub (devices that already exist are kept). */
  fleetFile?: string;
}

export interface AzureHubConfig {
  mode: "azure";
  /** Explicit IoT Hub name; absent = Pulumi auto-names it from `hubName`. */
  hubName: string;
  explicitHubName: boolean;
  resourceGroupName: string;
  /** true: create the resource group; false: use an existing one. */
  createResourceGroup: boolean;
  location: string;
  skuName: string;
  skuCapacity: number;
  auth: "sas" | "entra";
}

export interface ExistingHubConfig {
  mode: "existing";
  hostName: string;
  auth: "sas" | "entra";
  /** Secret; required with auth=sas. */
  connectionString?: string;
  /** Explicit URL to connect to instead of https://<hostName>/ (e.g. a standalone emulator). */
  endpoint?: string;
}

export type HubConfig = LocalHubConfig | AzureHubConfig | ExistingHubConfig;

export interface ProgramConfig {
  hub: HubConfig;
  jobsDir: string;
}

export class ConfigError extends Error {
  readonly code = "InvalidConfig";
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid hubjobs configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}
