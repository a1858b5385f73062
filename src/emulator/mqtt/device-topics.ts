// The MQTT topics of IoT Hub's device endpoint: what a device may publish and subscribe to, and the
// topics the hub answers and pushes on. Every device subscribes to the same `$iothub/...` filters, so
// the hub never routes through the broker: it writes to the one connection of the device.

export type DevicePublish =
  | { kind: "telemetry" }
  | { kind: "twinGet"; rid: string }
  | { kind: "reportedPatch"; rid: string }
  | { kind: "methodResponse"; status: number; rid: string };

/** What a device's publish means, or undefined when the device may not publish there. */
export function readDevicePublish(deviceId: string, topic: string): DevicePublish | undefined {
  const [path = "", query = ""] = splitQuery(topic);
  if (isOwnDevicePath(deviceId, path, "messages/events/")) return { kind: "telemetry" };
  const rid = queryParam(query, "$rid");
  if (path === "$iothub/twin/GET/" && rid !== undefined) return { kind: "twinGet", rid };
  if (path === "$iothub/twin/PATCH/properties/reported/" && rid !== undefined) return { kind: "reportedPatch", rid };
  const method = /^\$iothub\/methods\/res\/(\d{3})\/$/.exec(path);
  if (method && rid !== undefined) return { kind: "methodResponse", status: Number(method[1]), rid };
  return undefined;
}

export const METHODS_FILTER = "$iothub/methods/POST/#";
export const DESIRED_FILTER = "$iothub/twin/PATCH/properties/desired/#";

/** The filters IoT Hub lets a device subscribe to: its methods, twin answers and desired patches, its cloud-to-device queue. */
export function maySubscribe(deviceId: string, filter: string): boolean {
  if (filter === METHODS_FILTER || filter === "$iothub/twin/res/#" || filter === DESIRED_FILTER) return true;
  return isOwnDevicePath(deviceId, filter, "messages/devicebound/#");
}

export const methodRequestTopic = (methodName: string, rid: string) => `$iothub/methods/POST/${methodName}/?$rid=${rid}`;

export const twinResponseTopic = (status: number, rid: string, version?: number) =>
  `$iothub/twin/res/${status}/?$rid=${rid}${version === undefined ? "" : `&$version=${version}`}`;

export const desiredPatchTopic = (version: number) => `$iothub/twin/PATCH/properties/desired/?$version=${version}`;

function isOwnDevicePath(deviceId: string, path: string, rest: string): boolean {
  // Telemetry topics may carry a property bag after the trailing slash (`.../events/$.ct=...`).
  for (const id of new Set([deviceId, encodeURIComponent(deviceId)])) {
    const prefix = `devices/${id}/`;
    if (!path.startsWith(prefix)) continue;
    const tail = path.slice(prefix.length);
    if (rest.endsWith("#") ? tail === rest : tail.startsWith(rest)) return true;
  }
  return false;
}

function splitQuery(topic: string): [string, string] {
  const q = topic.indexOf("?");
  return q < 0 ? [topic, ""] : [topic.slice(0, q), topic.slice(q + 1)];
}

function queryParam(query: string, name: string): string | undefined {
  for (const part of query.split("&")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq) === name) return part.slice(eq + 1);
  }
  return undefined;
}
