// Opens the one SQLite database all emulator state lives in (hubs, keys, devices, twins, and the
// job engine's own tables). WAL with synchronous=FULL: a write is on disk before the request that
// made it is answered, so a SIGKILL never loses an acknowledged change.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

export function openDatabase(dataDir: string | undefined): DatabaseSync {
  let location = ":memory:";
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    location = join(dataDir, "hub.db");
  }
  const db = new DatabaseSync(location);
  if (dataDir) db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
  // Another process (a test reading the file, a restarted hub) may hold the file briefly.
  db.exec("PRAGMA busy_timeout = 5000");
  return db;
}

/** Runs `fn` in a transaction unless the caller (e.g. the job engine batching writes) already opened one. */
export function inTransaction<T>(db: DatabaseSync, fn: () => T): T {
  if (db.isTransaction) return fn();
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = fn();
    db.exec("COMMIT");
    return result;
  } catch (err) {
    db.exec("ROLLBACK");
    throw err;
  }
}
