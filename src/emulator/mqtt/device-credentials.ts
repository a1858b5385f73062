// Checks an MQTT CONNECT the way IoT Hub does: client id = device id, username
// `{hostName}/{deviceId}/?api-version=...`, password a SAS token for `{hostName}/devices/{deviceId}`
// signed with the device's own key, or with a hub policy that grants DeviceConnect (`skn`).
import type { Clock } from "../clock.ts";
import { grants } from "../auth/policies.ts";
import { parseSasToken, verifyDeviceSasToken, verifySasToken } from "../auth/sas-token.ts";
import type { Registry } from "../registry/registry.ts";
import type { HubRecord, HubStore } from "../store/hub-store.ts";

/** MQTT 3.1.1 CONNACK return codes the hub refuses with. */
export const CONNACK_BAD_CREDENTIALS = 4;
export const CONNACK_NOT_AUTHORIZED = 5;

export type DeviceAuthResult =
  | { ok: true; hub: HubRecord; deviceId: string }
  | { ok: false; returnCode: typeof CONNACK_BAD_CREDENTIALS | typeof CONNACK_NOT_AUTHORIZED; reason: string };

export interface DeviceAuthDeps {
  hubs: HubStore;
  registry: Registry;
  clock: Clock;
}

export function authenticateDevice(deps: DeviceAuthDeps, clientId: string, username: string | undefined, password: Buffer | undefined): DeviceAuthResult {
  const refuse = (reason: string, returnCode: 4 | 5 = CONNACK_NOT_AUTHORIZED): DeviceAuthResult => ({ ok: false, returnCode, reason });
  if (!username || !password) return refuse("username and password (a SAS token) are required", CONNACK_BAD_CREDENTIALS);
  const [hostName, deviceId] = username.split("?")[0]!.split("/");
  if (!hostName || !deviceId) return refuse(`username '${username}' is not {hostName}/{deviceId}/?api-version=...`, CONNACK_BAD_CREDENTIALS);
  if (deviceId !== clientId) return refuse(`client id '${clientId}' is not the device id '${deviceId}' of the username`);
  const hub = deps.hubs.byHostName(hostName.toLowerCase());
  if (!hub) return refuse(`no IoT hub '${hostName}' here`);
  const token = parseSasToken(password.toString("utf8"));
  if (!token) return refuse("the password is not a SharedAccessSignature token", CONNACK_BAD_CREDENTIALS);
  const expectedResource = `${hub.hostName}/devices/${deviceId}`.toLowerCase();
  if (token.resourceUri.toLowerCase() !== expectedResource) {
    return refuse(`the token is for '${token.resourceUri}', not '${hub.hostName}/devices/${deviceId}'`);
  }
  const device = deps.registry.store.get(hub.name, deviceId);
  if (!device) return refuse(`device '${deviceId}' is not registered`);
  if (device.identity.status !== "enabled") return refuse(`device '${deviceId}' is disabled`);
  const now = deps.clock.now();
  if (token.keyName !== undefined) {
    const policies = hub.policies.filter((p) => grants(p.rights, "DeviceConnect"));
    const verdict = verifySasToken(token, hub.hostName, policies, now);
    return verdict.ok ? { ok: true, hub, deviceId } : refuse(`token refused (${verdict.reason})`);
  }
  if (device.identity.authentication.type !== "sas") return refuse(`device '${deviceId}' does not use SAS keys`);
  const keys = device.identity.authentication.symmetricKey;
  const verdict = verifyDeviceSasToken(token, [keys.primaryKey, keys.secondaryKey], now);
  return verdict.ok ? { ok: true, hub, deviceId } : refuse(`token refused (${verdict.reason})`);
}
