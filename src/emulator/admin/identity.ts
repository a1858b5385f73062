// Which emulator answers at an address: its process and data directory. The only admin route that
// needs no admin key, because its reader is exactly the one without the key: a second clone of the
// project, whose `npm start` finds another clone's hub on the port and must say whose it is and
// how to stop it, instead of adopting it and failing later.
import { resolve } from "node:path";

export const IDENTITY_PATH = "/_emulator/identity";

export interface EmulatorIdentity {
  service: "hubjobs-emulator";
  /** The process serving the hub (what `npm run hub:stop` or `kill` would stop). */
  pid: number;
  /** Absolute data directory (hub.db, admin-key); null when the state is in memory only. */
  dataDir: string | null;
}

export function emulatorIdentity(dataDir: string | undefined): EmulatorIdentity {
  return { service: "hubjobs-emulator", pid: process.pid, dataDir: dataDir === undefined ? null : resolve(dataDir) };
}
