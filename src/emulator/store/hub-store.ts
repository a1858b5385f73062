// The hubs one emulator process hosts, with their tier, host name and shared access policies.
// Kept in SQLite and mirrored in memory, because every request resolves its hub.
import type { DatabaseSync } from "node:sqlite";
import { createDefaultPolicies, type Permission, type SharedAccessPolicy } from "../auth/policies.ts";
import { inTransaction } from "./database.ts";

export type HubTier = "F1" | "S1" | "S2" | "S3";
export const HUB_TIERS: readonly HubTier[] = ["F1", "S1", "S2", "S3"];

export interface HubRecord {
  name: string;
  hostName: string;
  tier: HubTier;
  createdTime: string;
  policies: SharedAccessPolicy[];
}

export class HubStore {
  readonly #db: DatabaseSync;
  readonly #hubs = new Map<string, HubRecord>();

  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS hubs (
      name TEXT PRIMARY KEY, host_name TEXT NOT NULL UNIQUE COLLATE NOCASE, tier TEXT NOT NULL, created_time TEXT NOT NULL)`);
    db.exec(`CREATE TABLE IF NOT EXISTS hub_policies (
      hub TEXT NOT NULL REFERENCES hubs(name) ON DELETE CASCADE, key_name TEXT NOT NULL,
      primary_key TEXT NOT NULL, secondary_key TEXT NOT NULL, rights TEXT NOT NULL, PRIMARY KEY (hub, key_name))`);
    this.#load();
  }

  #load(): void {
    const hubs = this.#db.prepare("SELECT name, host_name, tier, created_time FROM hubs ORDER BY created_time, name").all();
    const policies = this.#db.prepare("SELECT hub, key_name, primary_key, secondary_key, rights FROM hub_policies ORDER BY rowid").all();
    for (const h of hubs) {
      this.#hubs.set(String(h.name), {
        name: String(h.name),
        hostName: String(h.host_name),
        tier: String(h.tier) as HubTier,
        createdTime: String(h.created_time),
        policies: [],
      });
    }
    for (const p of policies) {
      this.#hubs.get(String(p.hub))?.policies.push({
        keyName: String(p.key_name),
        primaryKey: String(p.primary_key),
        secondaryKey: String(p.secondary_key),
        rights: String(p.rights).split(",").filter(Boolean) as Permission[],
      });
    }
  }

  list(): HubRecord[] {
    return [...this.#hubs.values()];
  }

  get(name: string): HubRecord | undefined {
    return this.#hubs.get(name);
  }

  byHostName(hostName: string): HubRecord | undefined {
    const wanted = hostName.toLowerCase();
    for (const hub of this.#hubs.values()) if (hub.hostName.toLowerCase() === wanted) return hub;
    return undefined;
  }

  /** Creates a hub with fresh keys for the default policies. The caller checks the name and host are free. */
  create(name: string, hostName: string, tier: HubTier, now: Date): HubRecord {
    const hub: HubRecord = { name, hostName, tier, createdTime: now.toISOString(), policies: createDefaultPolicies() };
    inTransaction(this.#db, () => {
      this.#db.prepare("INSERT INTO hubs (name, host_name, tier, created_time) VALUES (?, ?, ?, ?)").run(name, hostName, tier, hub.createdTime);
      const insert = this.#db.prepare(
        "INSERT INTO hub_policies (hub, key_name, primary_key, secondary_key, rights) VALUES (?, ?, ?, ?, ?)",
      );
      for (const p of hub.policies) insert.run(name, p.keyName, p.primaryKey, p.secondaryKey, p.rights.join(","));
    });
    this.#hubs.set(name, hub);
    return hub;
  }

  update(name: string, changes: { hostName?: string; tier?: HubTier }): HubRecord {
    const hub = this.#hubs.get(name);
    if (!hub) throw new Error(`no hub ${name}`);
    const next = { ...hub, ...changes };
    this.#db.prepare("UPDATE hubs SET host_name = ?, tier = ? WHERE name = ?").run(next.hostName, next.tier, name);
    this.#hubs.set(name, next);
    return next;
  }

  delete(name: string): boolean {
    const result = this.#db.prepare("DELETE FROM hubs WHERE name = ?").run(name);
    this.#hubs.delete(name);
    return Number(result.changes) > 0;
  }
}
