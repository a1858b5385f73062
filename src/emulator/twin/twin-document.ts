// Builds the twin JSON the service returns from GET /twins/{id} and from twin queries.
import type { DeviceRecord, PropertyMetadata, JsonObject } from "./device-model.ts";
import { twinEtag } from "./device-model.ts";

export function twinDocument(record: DeviceRecord): JsonObject {
  const { identity: d, twin: t } = record;
  return {
    deviceId: d.deviceId,
    etag: twinEtag(t.version),
    deviceEtag: d.etag,
    status: d.status,
    // The Twin definition carries the reason "for the current status of the device, if any": only when set.
    ...(d.statusReason ? { statusReason: d.statusReason } : {}),
    statusUpdateTime: d.statusUpdatedTime,
    connectionState: d.connectionState,
    lastActivityTime: d.lastActivityTime,
    cloudToDeviceMessageCount: d.cloudToDeviceMessageCount,
    authenticationType: d.authentication.type,
    x509Thumbprint: d.authentication.x509Thumbprint,
    modelId: "",
    version: t.version,
    tags: t.tags,
    properties: {
      desired: { ...t.desired, $metadata: metadata(t.desiredLastUpdated, t.desiredMetadata), $version: t.desiredVersion },
      reported: { ...t.reported, $metadata: metadata(t.reportedLastUpdated, t.reportedMetadata), $version: t.reportedVersion },
    },
    capabilities: d.capabilities,
  };
}

function metadata(lastUpdated: string, perKey: PropertyMetadata): JsonObject {
  const out: JsonObject = { $lastUpdated: lastUpdated };
  for (const [key, m] of Object.entries(perKey)) {
    out[key] = m.lastUpdatedVersion === undefined
      ? { $lastUpdated: m.lastUpdated }
      : { $lastUpdated: m.lastUpdated, $lastUpdatedVersion: m.lastUpdatedVersion };
  }
  return out;
}

/** The identity as `GET /devices/{id}` returns it. */
export function deviceDocument(record: DeviceRecord): JsonObject {
  return { ...record.identity };
}
