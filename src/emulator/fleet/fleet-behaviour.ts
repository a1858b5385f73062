// A fleet device's behaviour as the hub stores it with the device (behaviour.ts): durations in
// milliseconds, and for a device that ignores updates, no reaction that changes reported properties.
import { parseDuration } from "../../manifest/duration.ts";
import type { DeviceBehaviour, MethodBehaviour } from "./behaviour.ts";
import type { FleetDevice } from "./fleet-document.ts";

export function fleetDeviceBehaviour(device: FleetDevice): DeviceBehaviour {
  const methods = device.methods ?? {};
  if (device.ignoresUpdates) return { methods: Object.fromEntries(Object.entries(methods).map(([name, m]) => [name, withoutReported(m)])) };
  const follow = device.followDesired;
  if (!follow) return { methods };
  return { methods, followDesired: { afterMs: parseDuration(follow.after), ...(follow.keys ? { keys: follow.keys } : {}) } };
}

function withoutReported(method: MethodBehaviour): MethodBehaviour {
  const { reported: _ignored, ...rest } = method;
  return rest;
}
