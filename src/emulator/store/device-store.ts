// Identity registry and twins, one row per device per hub. The identity, twin and simulated
// behaviour are JSON columns: the service's documents are JSON, and queries run over whole twins.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { DeviceRecord } from "../twin/device-model.ts";

export class DeviceStore {
  readonly #db: DatabaseSync;
  readonly #get: StatementSync;
  readonly #insert: StatementSync;
  readonly #update: StatementSync;
  readonly #delete: StatementSync;
  readonly #iterateTwins: StatementSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS devices (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      hub TEXT NOT NULL, device_id TEXT NOT NULL,
      identity TEXT NOT NULL, twin TEXT NOT NULL, behaviour TEXT,
      UNIQUE (hub, device_id))`);
    this.#get = db.prepare("SELECT identity, twin, behaviour FROM devices WHERE hub = ? AND device_id = ?");
    this.#insert = db.prepare("INSERT INTO devices (hub, device_id, identity, twin, behaviour) VALUES (?, ?, ?, ?, ?)");
    this.#update = db.prepare("UPDATE devices SET identity = ?, twin = ?, behaviour = ? WHERE hub = ? AND device_id = ?");
    this.#delete = db.prepare("DELETE FROM devices WHERE hub = ? AND device_id = ?");
    this.#iterateTwins = db.prepare("SELECT identity, twin FROM devices WHERE hub = ? ORDER BY seq");
  }

  get(hub: string, deviceId: string): DeviceRecord | undefined {
    const row = this.#get.get(hub, deviceId);
    return row ? toRecord(row) : undefined;
  }

  insert(hub: string, record: DeviceRecord): void {
    this.#insert.run(hub, record.identity.deviceId, JSON.stringify(record.identity), JSON.stringify(record.twin), behaviourJson(record));
  }

  update(hub: string, record: DeviceRecord): void {
    this.#update.run(JSON.stringify(record.identity), JSON.stringify(record.twin), behaviourJson(record), hub, record.identity.deviceId);
  }

  delete(hub: string, deviceId: string): boolean {
    return Number(this.#delete.run(hub, deviceId).changes) > 0;
  }

  deleteHub(hub: string): void {
    this.#db.prepare("DELETE FROM devices WHERE hub = ?").run(hub);
  }

  /** Every device id of a hub, in creation order. */
  ids(hub: string): string[] {
    return this.#db.prepare("SELECT device_id FROM devices WHERE hub = ? ORDER BY seq").all(hub).map((r) => String(r.device_id));
  }

  /**
   * Streams the hub's identities and twins in creation order without holding them all in memory.
   * Records carry `behaviour: null`: queries never read the simulated behaviour.
   */
  iterateTwins(hub: string): Generator<DeviceRecord> {
    return twinsOnly(this.#iterateTwins, hub);
  }
}

function* twinsOnly(stmt: StatementSync, hub: string): Generator<DeviceRecord> {
  for (const row of stmt.iterate(hub)) {
    const r = row as Record<string, unknown>;
    yield { identity: JSON.parse(String(r.identity)), twin: JSON.parse(String(r.twin)), behaviour: null };
  }
}

function behaviourJson(record: DeviceRecord): string | null {
  return record.behaviour ? JSON.stringify(record.behaviour) : null;
}

function toRecord(row: Record<string, unknown>): DeviceRecord {
  return {
    identity: JSON.parse(String(row.identity)),
    twin: JSON.parse(String(row.twin)),
    behaviour: row.behaviour == null ? null : JSON.parse(String(row.behaviour)),
  };
}
