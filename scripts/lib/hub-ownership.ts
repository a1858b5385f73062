// Whether the hub answering at the dev stack's address is this clone's. Another clone's `npm start`
// may have left its hub on the same port: adopting it fails later, inside `pulumi up`, for want of
// its admin key. The hub says which process and data directory it is (GET /_emulator/identity); the
// admin key this clone's dev stack would use says whether the hub lets it in.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import * as path from "node:path";
import type { EmulatorIdentity } from "../../src/emulator/admin/identity.ts";
import type { DevHubSettings } from "./dev-stack-config.ts";

export type HubOwnership =
  /**
   * This clone can use it: this clone's admin key opens it, or the key is a stack secret this script
   * cannot read (keyChecked false: Pulumi will find out).
   */
  | { usable: true; identity: EmulatorIdentity | undefined; own: boolean; keyChecked: boolean }
  /** It does not let this clone in; `identity` says whose it is when it is a hubjobs emulator. */
  | { usable: false; identity: EmulatorIdentity | undefined; own: boolean; keySource: string | undefined };

const TIMEOUT_MS = 2_000;

/** The key the dev stack would send (HUBJOBS_ADMIN_KEY, else <dataDir>/admin-key) and where it comes from. */
export function devAdminKey(settings: DevHubSettings, env: NodeJS.ProcessEnv = process.env): { key: string; source: string } | undefined {
  if (env.HUBJOBS_ADMIN_KEY) return { key: env.HUBJOBS_ADMIN_KEY, source: "HUBJOBS_ADMIN_KEY" };
  const file = path.join(settings.dataDir, "admin-key");
  if (!existsSync(file)) return undefined;
  const key = readFileSync(file, "utf8").trim();
  return key ? { key, source: file } : undefined;
}

export async function hubIdentity(url: string): Promise<EmulatorIdentity | undefined> {
  try {
    const res = await fetch(`${url.replace(/\/$/, "")}/_emulator/identity`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (res.status !== 200) return undefined;
    const body = (await res.json()) as Partial<EmulatorIdentity>;
    return body.service === "hubjobs-emulator" && typeof body.pid === "number" ? (body as EmulatorIdentity) : undefined;
  } catch {
    return undefined; // not a hubjobs emulator, or one from before the identity route
  }
}

async function keyOpens(url: string, key: string): Promise<boolean> {
  try {
    const res = await fetch(`${url.replace(/\/$/, "")}/_emulator/hubs`, { headers: { Authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync.native(p) : path.resolve(p));
  return real(a) === real(b);
}

/** Judges the hub that answers at settings.url (call it only when something answers there). */
export async function hubOwnership(settings: DevHubSettings, env: NodeJS.ProcessEnv = process.env): Promise<HubOwnership> {
  const identity = await hubIdentity(settings.url);
  const own = identity?.dataDir != null && samePath(identity.dataDir, settings.dataDir);
  // A key set in the stack is a secret this script cannot read: Pulumi will send it, so trust it.
  if (settings.adminKeyInStack) return { usable: true, identity, own, keyChecked: false };
  const key = devAdminKey(settings, env);
  if (key && (await keyOpens(settings.url, key.key))) return { usable: true, identity, own, keyChecked: true };
  return { usable: false, identity, own, keySource: key?.source };
}

/** The line `npm start` prints when it goes on with a hub that was already running. */
export function usingHubLine(url: string, ownership: Extract<HubOwnership, { usable: true }>): string {
  const { identity, own } = ownership;
  if (!identity) return `Using the hub already running at ${url}`;
  if (own) return `Using this clone's hub, already running at ${url} (pid ${identity.pid})`;
  const key = ownership.keyChecked ? "which this clone's admin key opens" : "with the admin key set in Pulumi.dev.yaml";
  return `Using the hub already running at ${url} (pid ${identity.pid}, data in ${identity.dataDir ?? "memory"}), ${key}`;
}
