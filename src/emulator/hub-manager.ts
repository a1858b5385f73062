// Creating, adopting and deleting the hubs one emulator process hosts, and how a hub is shown to
// the admin API and the CLI (connection string with the real format, endpoint URL).
import type { Clock } from "./clock.ts";
import { argumentInvalid } from "./errors.ts";
import { ServiceError } from "./service-error.ts";
import type { DeviceStore } from "./store/device-store.ts";
import { HUB_TIERS, type HubRecord, type HubStore, type HubTier } from "./store/hub-store.ts";

const HUB_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{1,48}[A-Za-z0-9]$/;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export interface HubView {
  name: string;
  hostName: string;
  tier: HubTier;
  policies: { keyName: string; primaryKey: string; secondaryKey: string; rights: string[] }[];
  /** Service connection string of the iothubowner policy. */
  connectionString: string;
  /** Where clients reach this emulator (the hub is selected by the signed host name). */
  endpoint: string;
}

export function connectionStringOf(hub: HubRecord, policyName = "iothubowner"): string {
  const policy = hub.policies.find((p) => p.keyName === policyName);
  if (!policy) throw new Error(`hub ${hub.name} has no policy ${policyName}`);
  return `HostName=${hub.hostName};SharedAccessKeyName=${policy.keyName};SharedAccessKey=${policy.primaryKey}`;
}

/**
 * A device's connection string as the portal prints it. A host name other than `localhost` (a second
 * hub, or one created before `localhost` became the default) may not resolve on a stock machine, so
 * device SDKs are sent to `localhost` with GatewayHostName while they still sign for the hub's name.
 */
export function deviceConnectionStringOf(hub: HubRecord, deviceId: string, key: string): string {
  const gateway = hub.hostName.toLowerCase() === "localhost" ? "" : ";GatewayHostName=localhost";
  return `HostName=${hub.hostName};DeviceId=${deviceId};SharedAccessKey=${key}${gateway}`;
}

export function hubView(hub: HubRecord, endpoint: string): HubView {
  return {
    name: hub.name,
    hostName: hub.hostName,
    tier: hub.tier,
    policies: hub.policies.map((p) => ({ keyName: p.keyName, primaryKey: p.primaryKey, secondaryKey: p.secondaryKey, rights: [...p.rights] })),
    connectionString: connectionStringOf(hub),
    endpoint,
  };
}

export class HubManager {
  readonly hubs: HubStore;
  readonly #devices: DeviceStore;
  readonly #clock: Clock;
  /** Called when a hub is deleted, so the job engine drops its jobs too. */
  onDelete: (name: string) => void = () => {};

  constructor(hubs: HubStore, devices: DeviceStore, clock: Clock) {
    this.hubs = hubs;
    this.#devices = devices;
    this.#clock = clock;
  }

  /** Creates the hub, or adopts an existing one (keeping its keys); tier and host name are updated when given. */
  ensure(name: string, options: { tier?: unknown; hostName?: unknown } = {}): { hub: HubRecord; created: boolean } {
    if (!HUB_NAME.test(name)) throw argumentInvalid(`Invalid hub name '${name}': 3 to 50 letters, digits or hyphens.`);
    if (options.tier !== undefined && !HUB_TIERS.includes(options.tier as HubTier)) {
      throw argumentInvalid(`Invalid tier '${String(options.tier)}': one of ${HUB_TIERS.join(", ")}.`);
    }
    if (options.hostName !== undefined && (typeof options.hostName !== "string" || !HOST_NAME.test(options.hostName))) {
      throw argumentInvalid(`Invalid host name '${String(options.hostName)}'.`);
    }
    const tier = options.tier as HubTier | undefined;
    const hostName = options.hostName as string | undefined;
    const existing = this.hubs.get(name);
    const wantedHost = hostName ?? existing?.hostName ?? `${name}.localhost`;
    const holder = this.hubs.byHostName(wantedHost);
    if (holder && holder.name !== name) {
      throw new ServiceError(409, "Conflict", `Host name '${wantedHost}' is already used by hub '${holder.name}'.`, undefined);
    }
    if (!existing) return { hub: this.hubs.create(name, wantedHost, tier ?? "S1", this.#clock.now()), created: true };
    const changes: { hostName?: string; tier?: HubTier } = {};
    if (hostName !== undefined && hostName !== existing.hostName) changes.hostName = hostName;
    if (tier !== undefined && tier !== existing.tier) changes.tier = tier;
    const hub = Object.keys(changes).length > 0 ? this.hubs.update(name, changes) : existing;
    return { hub, created: false };
  }

  delete(name: string): boolean {
    if (!this.hubs.get(name)) return false;
    this.onDelete(name);
    this.#devices.deleteHub(name);
    return this.hubs.delete(name);
  }
}
