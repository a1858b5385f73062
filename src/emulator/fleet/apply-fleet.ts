// Loads a fleet into a hub. Simulation settings (connection state, status, method behaviour,
// following desired properties) are always applied; tags and reported properties only seed new
// devices unless `overwrite` is set, so restarting the hub with its fleet never undoes what jobs
// wrote to existing twins.
import type { Clock } from "../clock.ts";
import { inTransaction } from "../store/database.ts";
import type { DeviceStore } from "../store/device-store.ts";
import type { DatabaseSync } from "node:sqlite";
import { newDeviceRecord, type JsonObject } from "../twin/device-model.ts";
import { checkTwinSection, checkTwinSectionSize } from "../twin/twin-limits.ts";
import { updateTwin } from "../twin/twin-update.ts";
import { fleetDeviceBehaviour } from "./fleet-behaviour.ts";
import { expandFleet, type FleetDocument } from "./fleet-document.ts";

export interface FleetLoadResult {
  created: number;
  updated: number;
}

export function applyFleet(
  db: DatabaseSync,
  store: DeviceStore,
  clock: Clock,
  hub: string,
  fleet: FleetDocument,
  options: { overwrite: boolean },
): FleetLoadResult {
  const now = clock.now();
  const t = now.toISOString();
  const result = { created: 0, updated: 0 };
  inTransaction(db, () => {
    for (const d of expandFleet(fleet)) {
      const tags = (d.tags ?? {}) as JsonObject;
      const reported = (d.reported ?? {}) as JsonObject;
      checkTwinSection("tags", tags);
      checkTwinSectionSize("tags", tags);
      checkTwinSection("reported", reported);
      checkTwinSectionSize("reported", reported);
      const existing = store.get(hub, d.deviceId);
      const record = existing ?? newDeviceRecord(d.deviceId, now);
      if (!existing) {
        record.twin.tags = tags;
        record.twin.reported = reported;
        record.twin.reportedMetadata = Object.fromEntries(Object.keys(reported).map((k) => [k, { lastUpdated: t }]));
      } else if (options.overwrite) {
        record.twin = updateTwin(record.twin, { tags, reported }, "replace", now);
      }
      const state = d.connected === false ? "Disconnected" : "Connected";
      if (record.identity.connectionState !== state) {
        record.identity.connectionState = state;
        record.identity.connectionStateUpdatedTime = t;
        if (state === "Connected") record.identity.lastActivityTime = t;
      }
      const status = d.status ?? "enabled";
      if (record.identity.status !== status) {
        record.identity.status = status;
        record.identity.statusUpdatedTime = t;
      }
      record.behaviour = fleetDeviceBehaviour(d);
      if (existing) {
        store.update(hub, record);
        result.updated++;
      } else {
        store.insert(hub, record);
        result.created++;
      }
    }
  });
  return result;
}
