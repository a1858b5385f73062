// What the admin API can do, as plain methods: the HTTP admin routes and the `admin` helpers
// returned by startHub() both call these, so tests and the Pulumi local mode see the same rules.
import type { DatabaseSync } from "node:sqlite";
import type { Clock } from "../clock.ts";
import { adminHubNotFound, argumentInvalid } from "../errors.ts";
import { FaultInjector, readFaultRules, type FaultRule } from "../faults/fault-injector.ts";
import { applyFleet, type FleetLoadResult } from "../fleet/apply-fleet.ts";
import type { MethodBehaviour } from "../fleet/behaviour.ts";
import { checkFleet, FleetError, parseFleet, type FleetDocument } from "../fleet/fleet-document.ts";
import { HubManager, hubView, type HubView } from "../hub-manager.ts";
import type { Registry } from "../registry/registry.ts";
import type { HubRecord } from "../store/hub-store.ts";
import type { DeviceConnections, TelemetryCounts } from "../mqtt/device-connections.ts";

export interface DeviceSimulationChange {
  connected?: boolean;
  reported?: Record<string, unknown>;
  methods?: Record<string, MethodBehaviour>;
}

export class EmulatorAdmin {
  readonly #db: DatabaseSync;
  readonly #clock: Clock;
  readonly #manager: HubManager;
  readonly #registry: Registry;
  readonly faults: FaultInjector;
  readonly #endpoint: () => string;
  /** Devices connected over MQTT (set once the device endpoint is up). */
  deviceConnections: DeviceConnections | undefined;

  constructor(deps: { db: DatabaseSync; clock: Clock; manager: HubManager; registry: Registry; faults: FaultInjector; endpoint: () => string }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#manager = deps.manager;
    this.#registry = deps.registry;
    this.faults = deps.faults;
    this.#endpoint = deps.endpoint;
  }

  createHub(name: string, options: { tier?: unknown; hostName?: unknown } = {}): { hub: HubView; created: boolean } {
    const { hub, created } = this.#manager.ensure(name, options);
    return { hub: hubView(hub, this.#endpoint()), created };
  }

  listHubs(): HubView[] {
    return this.#manager.hubs.list().map((h) => hubView(h, this.#endpoint()));
  }

  getHub(name: string): HubView {
    return hubView(this.#hub(name), this.#endpoint());
  }

  deleteHub(name: string): void {
    this.#hub(name);
    this.faults.clear(name);
    this.#manager.delete(name);
  }

  /** Loads a fleet (object, or YAML/JSON text). `overwrite: false` only seeds devices that do not exist yet. */
  loadFleet(name: string, fleet: FleetDocument | string, options: { overwrite?: boolean } = {}): FleetLoadResult {
    this.#hub(name);
    let doc: FleetDocument;
    try {
      doc = typeof fleet === "string" ? parseFleet(fleet, "fleet") : checkFleet(fleet);
    } catch (err) {
      if (err instanceof FleetError) throw argumentInvalid(err.message);
      throw err;
    }
    return applyFleet(this.#db, this.#registry.store, this.#clock, name, doc, { overwrite: options.overwrite ?? true });
  }

  setFaults(name: string, rules: unknown): FaultRule[] {
    this.#hub(name);
    this.faults.set(name, readFaultRules(rules));
    return this.faults.list(name);
  }

  getFaults(name: string): FaultRule[] {
    this.#hub(name);
    return this.faults.list(name);
  }

  clearFaults(name: string): void {
    this.#hub(name);
    this.faults.clear(name);
  }

  /** Changes a simulated device: connect or disconnect it, report properties, change method behaviour. */
  simulateDevice(name: string, deviceId: string, change: DeviceSimulationChange): void {
    this.#hub(name);
    if (change.reported !== undefined) this.#registry.reportProperties(name, deviceId, change.reported);
    const record = this.#registry.get(name, deviceId);
    const t = this.#clock.now().toISOString();
    if (change.connected !== undefined) {
      const state = change.connected ? "Connected" : "Disconnected";
      if (record.identity.connectionState !== state) {
        record.identity.connectionState = state;
        record.identity.connectionStateUpdatedTime = t;
        if (change.connected) record.identity.lastActivityTime = t;
      }
    }
    // Only the methods change: how the device follows desired properties stays.
    if (change.methods !== undefined) record.behaviour = { ...record.behaviour, methods: change.methods };
    this.#registry.store.update(name, record);
  }

  /** Telemetry messages received from real devices, per device, since the emulator started. */
  telemetry(name: string): TelemetryCounts & { connectedDevices: string[] } {
    this.#hub(name);
    const counts = this.deviceConnections?.telemetry(name) ?? { messageCount: 0, devices: {} };
    return { ...counts, connectedDevices: this.deviceConnections?.connectedDeviceIds(name) ?? [] };
  }

  #hub(name: string): HubRecord {
    const hub = this.#manager.hubs.get(name);
    if (!hub) throw adminHubNotFound(name);
    return hub;
  }
}
