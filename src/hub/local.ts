// local: a hub on the embedded emulator, created (or adopted) through its admin API.
import { readFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { unreadableFleetFile } from "../config/fleet-file.ts";
import { ConfigError, type LocalHubConfig } from "../config/types.ts";
import { LocalHub } from "../provider/local-hub-provider.ts";
import { localPreviewCount } from "./local-preview-count.ts";
import type { ProvisionedHub } from "./types.ts";

export function provisionLocalHub(config: LocalHubConfig, opts: pulumi.CustomResourceOptions = {}, cwd = process.cwd()): ProvisionedHub {
  const fleet = config.fleetFile ? readFleetFile(config.fleetFile, cwd) : undefined;
  const hub = new LocalHub(
    config.hubName,
    { adminUrl: config.emulatorUrl, adminKey: pulumi.secret(config.emulatorAdminKey), hubName: config.hubName, tier: config.tier, ...(fleet ? { fleet } : {}) },
    opts,
  );
  const access = pulumi.secret(
    pulumi.all([hub.hostName, hub.endpoint, hub.connectionString]).apply(([hostName, endpoint, connectionString]) => ({ hostName, endpoint, auth: "sas" as const, connectionString })),
  );
  return { hostName: hub.hostName, identity: `local/${config.hubName}`, access, dependsOn: [hub], previewCount: () => localPreviewCount(config, fleet) };
}

/** The fleet file's text; a file that cannot be read is a configuration problem, not a crash. */
function readFleetFile(fleetFile: string, cwd: string): string {
  const absolute = path.resolve(cwd, fleetFile);
  try {
    return readFileSync(absolute, "utf8");
  } catch (err) {
    throw new ConfigError([unreadableFleetFile(fleetFile, absolute, (err as NodeJS.ErrnoException).code)]);
  }
}
