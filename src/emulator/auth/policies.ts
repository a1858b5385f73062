// The shared access policies every new IoT hub gets, with the rights the service gives them.
import { randomBytes } from "node:crypto";

/** Permissions a shared access policy can carry (the service's names). */
export type Permission = "RegistryRead" | "RegistryWrite" | "ServiceConnect" | "DeviceConnect";

export interface SharedAccessPolicy {
  keyName: string;
  primaryKey: string;
  secondaryKey: string;
  rights: Permission[];
}

export const DEFAULT_POLICY_RIGHTS: Readonly<Record<string, readonly Permission[]>> = {
  iothubowner: ["RegistryRead", "RegistryWrite", "ServiceConnect", "DeviceConnect"],
  service: ["ServiceConnect"],
  device: ["DeviceConnect"],
  registryRead: ["RegistryRead"],
  registryReadWrite: ["RegistryRead", "RegistryWrite"],
};

/** A fresh 256-bit key, base64 like the keys the service generates. */
export function generateKey(): string {
  return randomBytes(32).toString("base64");
}

export function createDefaultPolicies(): SharedAccessPolicy[] {
  return Object.entries(DEFAULT_POLICY_RIGHTS).map(([keyName, rights]) => ({
    keyName,
    primaryKey: generateKey(),
    secondaryKey: generateKey(),
    rights: [...rights],
  }));
}

/** Whether a policy's rights cover a permission. RegistryWrite includes RegistryRead, as in the service. */
export function grants(rights: readonly Permission[], needed: Permission): boolean {
  if (rights.includes(needed)) return true;
  return needed === "RegistryRead" && rights.includes("RegistryWrite");
}

/** Whether a policy's rights cover a route's permission, or any one of a route's permissions. */
export function grantsRoute(rights: readonly Permission[], needed: Permission | readonly Permission[]): boolean {
  const options: readonly Permission[] = typeof needed === "string" ? [needed] : needed;
  return options.some((p) => grants(rights, p));
}
