// A fleet as the hub it would seed, in memory: the same store, fleet loader and query evaluation
// as the embedded hub, so devices counted here are the devices a new hub created with this fleet
// holds. Used to count a job's blast radius before the hub exists (the first preview of a stack).
import { systemClock } from "../clock.ts";
import { HubManager } from "../hub-manager.ts";
import { matchDeviceIds } from "../registry/twin-query.ts";
import { openDatabase } from "../store/database.ts";
import { DeviceStore } from "../store/device-store.ts";
import { HubStore } from "../store/hub-store.ts";
import { applyFleet } from "./apply-fleet.ts";
import { parseFleet } from "./fleet-document.ts";

export interface FleetForecast {
  /** Devices whose twin matches a job's query condition (`*`: all). */
  countDevices(condition: string): number;
}

const HUB = "forecast";

/**
 * Reads a fleet file's text (`source` names it in errors) into an in-memory hub. It lives as long
 * as the returned counter is reachable: a preview asks a few counts and ends.
 */
export function forecastFleet(text: string, source: string): FleetForecast {
  const fleet = parseFleet(text, source);
  const db = openDatabase(undefined);
  const devices = new DeviceStore(db);
  new HubManager(new HubStore(db), devices, systemClock).ensure(HUB);
  applyFleet(db, devices, systemClock, HUB, fleet, { overwrite: false });
  return { countDevices: (condition) => matchDeviceIds(devices, HUB, condition).length };
}
