// Turns `hubjobs:*` stack config into a typed ProgramConfig, collecting every problem before failing.
// Sources are injected (config getter, environment, file reader) so tests need no Pulumi engine.
import path from "node:path";
import { checkFleetFile } from "./fleet-file.ts";
import { ConfigError, type HubConfig, type ProgramConfig } from "./types.ts";

export interface ConfigSources {
  /** Value of `hubjobs:<key>`, or undefined. */
  get(key: string): string | undefined;
  env: Record<string, string | undefined>;
  readFile(file: string): string | undefined;
  /** Problems in a fleet file's text (fleet-file-problems.ts); absent: the file is only checked to be readable. */
  fleetProblems?(fleetFile: string, text: string): string[];
  cwd: string;
}

export const configDefaults = {
  hubMode: "local",
  hubName: "dev",
  tier: "S1",
  emulatorUrl: "http://127.0.0.1:4300",
  emulatorDataDir: ".hubjobs/emulator",
  jobsDir: "jobs/",
  location: "westeurope",
  skuName: "S1",
  skuCapacity: 1,
} as const;

export function readProgramConfig(src: ConfigSources): ProgramConfig {
  const problems: string[] = [];
  const mode = src.get("hubMode") ?? configDefaults.hubMode;
  const auth = src.get("auth") ?? "sas";
  if (auth !== "sas" && auth !== "entra") problems.push(`hubjobs:auth must be sas or entra, got "${auth}"`);
  let hub: HubConfig | undefined;

  if (mode === "local") {
    const emulatorDataDir = src.get("emulatorDataDir") ?? configDefaults.emulatorDataDir;
    const keyFile = path.resolve(src.cwd, emulatorDataDir, "admin-key");
    const emulatorAdminKey = src.get("emulatorAdminKey") ?? src.env.HUBJOBS_ADMIN_KEY ?? src.readFile(keyFile)?.trim();
    if (!emulatorAdminKey) problems.push(`no emulator admin key: set hubjobs:emulatorAdminKey (--secret), HUBJOBS_ADMIN_KEY, or start the emulator so that ${keyFile} exists`);
    const fleetFile = src.get("fleetFile");
    if (fleetFile) problems.push(...checkFleetFile(fleetFile, src.cwd, src.readFile, src.fleetProblems));
    hub = {
      mode,
      hubName: src.get("hubName") ?? configDefaults.hubName,
      tier: src.get("tier") ?? configDefaults.tier,
      emulatorUrl: src.get("emulatorUrl") ?? configDefaults.emulatorUrl,
      emulatorAdminKey: emulatorAdminKey ?? "",
      emulatorDataDir,
      ...(fleetFile ? { fleetFile } : {}),
    };
  } else if (mode === "azure") {
    const resourceGroupName = src.get("resourceGroupName");
    if (!resourceGroupName) problems.push("hubjobs:resourceGroupName is required with hubMode azure");
    const capacity = Number(src.get("skuCapacity") ?? configDefaults.skuCapacity);
    if (!Number.isInteger(capacity) || capacity < 1) problems.push("hubjobs:skuCapacity must be a positive integer");
    const createRg = src.get("createResourceGroup") ?? "true";
    if (createRg !== "true" && createRg !== "false") problems.push("hubjobs:createResourceGroup must be true or false");
    hub = {
      mode,
      hubName: src.get("hubName") ?? configDefaults.hubName,
      explicitHubName: src.get("hubName") !== undefined,
      resourceGroupName: resourceGroupName ?? "",
      createResourceGroup: createRg !== "false",
      location: src.get("location") ?? configDefaults.location,
      skuName: src.get("skuName") ?? configDefaults.skuName,
      skuCapacity: capacity,
      auth: auth === "entra" ? "entra" : "sas",
    };
  } else if (mode === "existing") {
    const connectionString = src.get("connectionString");
    let hostName = src.get("hostName");
    if (!hostName && connectionString) hostName = /(?:^|;)\s*HostName=([^;]+)/.exec(connectionString)?.[1];
    if (!hostName) problems.push("hubjobs:hostName is required with hubMode existing");
    if (auth !== "entra" && !connectionString) problems.push("hubjobs:connectionString (--secret) is required with hubMode existing, unless hubjobs:auth is entra");
    const endpoint = src.get("endpoint");
    hub = {
      mode,
      hostName: hostName ?? "",
      auth: auth === "entra" ? "entra" : "sas",
      ...(connectionString ? { connectionString } : {}),
      ...(endpoint ? { endpoint } : {}),
    };
  } else {
    problems.push(`hubjobs:hubMode must be local, azure or existing, got "${mode}"`);
  }
  if (problems.length > 0 || !hub) throw new ConfigError(problems);
  return { hub, jobsDir: src.get("jobsDir") ?? configDefaults.jobsDir };
}
