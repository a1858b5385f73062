// The records the registry keeps per device: the identity (as `GET /devices/{id}` shows it), the twin
// state (tags, desired, reported and their versions) and, for simulated devices, their behaviour.
import { randomBytes, randomInt } from "node:crypto";
import { generateKey } from "../auth/policies.ts";
import type { DeviceBehaviour } from "../fleet/behaviour.ts";

export type JsonObject = Record<string, unknown>;

export interface DeviceIdentity {
  deviceId: string;
  generationId: string;
  etag: string;
  status: "enabled" | "disabled";
  statusReason: string | null;
  statusUpdatedTime: string;
  connectionState: "Connected" | "Disconnected";
  connectionStateUpdatedTime: string;
  lastActivityTime: string;
  cloudToDeviceMessageCount: number;
  authentication: {
    type: "sas" | "selfSigned" | "certificateAuthority" | "none";
    symmetricKey: { primaryKey: string | null; secondaryKey: string | null };
    x509Thumbprint: { primaryThumbprint: string | null; secondaryThumbprint: string | null };
  };
  capabilities: { iotEdge: boolean };
}

/** Per top-level property: when it last changed (and, for desired, at which $version). */
export type PropertyMetadata = Record<string, { lastUpdated: string; lastUpdatedVersion?: number }>;

export interface TwinState {
  version: number;
  tags: JsonObject;
  desired: JsonObject;
  desiredVersion: number;
  desiredLastUpdated: string;
  desiredMetadata: PropertyMetadata;
  reported: JsonObject;
  reportedVersion: number;
  reportedLastUpdated: string;
  reportedMetadata: PropertyMetadata;
}

export interface DeviceRecord {
  identity: DeviceIdentity;
  twin: TwinState;
  behaviour: DeviceBehaviour | null;
}

/** The service never sends this date for "never"; it uses the .NET minimum value. */
export const NEVER = "0001-01-01T00:00:00Z";

/** Device etags look like the service's: base64 of a decimal number. */
export function newDeviceEtag(): string {
  return Buffer.from(String(randomInt(1, 2 ** 31))).toString("base64");
}

/** Twin etags are base64 of the 64-bit version, as the service shows them (`AAAAAAAAAAE=`). */
export function twinEtag(version: number): string {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(BigInt(version));
  return buf.toString("base64");
}

export function newDeviceRecord(deviceId: string, now: Date): DeviceRecord {
  const t = now.toISOString();
  return {
    identity: {
      deviceId,
      generationId: `63${randomBytes(7).readUIntBE(0, 6).toString().padStart(16, "0").slice(0, 16)}`,
      etag: newDeviceEtag(),
      status: "enabled",
      statusReason: null,
      statusUpdatedTime: NEVER,
      connectionState: "Disconnected",
      connectionStateUpdatedTime: NEVER,
      lastActivityTime: NEVER,
      cloudToDeviceMessageCount: 0,
      authentication: {
        type: "sas",
        symmetricKey: { primaryKey: generateKey(), secondaryKey: generateKey() },
        x509Thumbprint: { primaryThumbprint: null, secondaryThumbprint: null },
      },
      capabilities: { iotEdge: false },
    },
    twin: {
      version: 1,
      tags: {},
      desired: {},
      desiredVersion: 1,
      desiredLastUpdated: t,
      desiredMetadata: {},
      reported: {},
      reportedVersion: 1,
      reportedLastUpdated: t,
      reportedMetadata: {},
    },
    behaviour: null,
  };
}
