// Creates, adopts and removes a hub on the embedded emulator through its admin API. PUT is
// idempotent there, so create and adopt are the same call; its status (201 created, 200 adopted)
// is recorded as `createdByStack`, and only a hub the stack created is ever deleted. `read` only
// reads: a refresh never changes the emulator.
import type * as pulumi from "@pulumi/pulumi";
import { parseErrorResponse } from "../iothub/errors.ts";
import { canonicallyEqual } from "../util/canonical-json.ts";
import type { LocalHubInputs, LocalHubOutputs } from "./local-hub-types.ts";
import { exitWithParent, isDynamicProviderProcess } from "../util/exit-with-parent.ts";

// Loaded in the engine's dynamic-provider process: end it with the engine (src/util/exit-with-parent.ts).
if (isDynamicProviderProcess()) exitWithParent();

export interface AdminHub {
  name: string;
  hostName: string;
  tier: string;
  connectionString: string;
  endpoint: string;
}

export class EmulatorAdminError extends Error {
  readonly code = "EmulatorAdminFailed";
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "EmulatorAdminError";
    this.status = status;
  }
}

/** An admin API answer; `problem` reads an error body (the service's shape) as one line. */
interface AdminAnswer {
  status: number;
  json: unknown;
  problem(): string;
}

type AdminTarget = Pick<LocalHubInputs, "adminUrl" | "adminKey" | "hubName">;

async function admin(inputs: AdminTarget, method: "GET" | "PUT" | "DELETE", body?: unknown, subPath = "", timeoutMs?: number): Promise<AdminAnswer> {
  const url = `${inputs.adminUrl.replace(/\/$/, "")}/_emulator/hubs/${encodeURIComponent(inputs.hubName)}${subPath}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${inputs.adminKey}`, ...(body !== undefined ? { "Content-Type": typeof body === "string" ? "application/yaml" : "application/json" } : {}) },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
      ...(timeoutMs !== undefined ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
  } catch (e) {
    throw new EmulatorAdminError(0, `the hubjobs emulator at ${inputs.adminUrl} is not reachable (${(e as Error).cause ?? (e as Error).message}); start it with \`npx hubjobs hub\` (or \`npm start\`) or set hubjobs:emulatorUrl`);
  }
  const text = await res.text();
  let json: unknown;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  const refused = res.status === 401 ? refusedKeyHint(inputs.adminUrl) : "";
  return { status: res.status, json, problem: () => `${parseErrorResponse(res.status, text).describe()}${refused}` };
}

/** A 401 from the admin API most often means another clone's hub answers at this address. */
function refusedKeyHint(adminUrl: string): string {
  const base = adminUrl.replace(/\/$/, "");
  return `; this stack's admin key does not open the emulator at ${base}: it serves another data directory (${base}/_emulator/identity says which) or was started with another key, and \`npm start\` says whose hub it is and how to stop it`;
}

/**
 * The hub as the emulator holds it now, or undefined when it holds none of that name. Throws
 * EmulatorAdminError when the emulator cannot be reached or refuses.
 */
export async function findLocalHub(target: AdminTarget, timeoutMs = 5_000): Promise<AdminHub | undefined> {
  const found = await admin(target, "GET", undefined, "", timeoutMs);
  if (found.status === 404) return undefined;
  if (found.status < 200 || found.status >= 300) throw new EmulatorAdminError(found.status, `could not read hub ${target.hubName} on ${target.adminUrl}: ${found.problem()}`);
  return found.json as AdminHub;
}

export function check(_olds: unknown, news: Partial<LocalHubInputs>): pulumi.dynamic.CheckResult<LocalHubInputs> {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  if (!news.adminUrl || !/^https?:\/\//.test(news.adminUrl)) failures.push({ property: "adminUrl", reason: "must be the emulator's http(s) URL" });
  if (!news.adminKey) failures.push({ property: "adminKey", reason: "is required (hubjobs:emulatorAdminKey, HUBJOBS_ADMIN_KEY or <dataDir>/admin-key)" });
  if (!news.hubName || !/^[A-Za-z0-9-]{3,50}$/.test(news.hubName)) failures.push({ property: "hubName", reason: "must be 3-50 letters, digits or dashes" });
  return failures.length ? { inputs: news as LocalHubInputs, failures } : { inputs: news as LocalHubInputs };
}

export function diff(_id: string, olds: LocalHubOutputs, news: LocalHubInputs): pulumi.dynamic.DiffResult {
  const replaces = (["hubName", "adminUrl"] as const).filter((k) => olds[k] !== news[k]);
  // An explicit host name change moves the hub; leaving it out keeps whatever the emulator chose.
  if (news.hostName && news.hostName !== olds.hostName) replaces.push("hostName" as never);
  const updates = (news.tier && news.tier !== olds.tier) || !canonicallyEqual(olds.adminKey, news.adminKey) || (olds.fleet ?? "") !== (news.fleet ?? "");
  return { changes: replaces.length > 0 || Boolean(updates), replaces, deleteBeforeReplace: true };
}

export async function create(inputs: LocalHubInputs): Promise<{ id: string; outs: LocalHubOutputs }> {
  const { outs, created } = await put(inputs);
  return { id: inputs.hubName, outs: { ...outs, createdByStack: created } };
}

/** Settings and fleet are applied to the hub either way; a hub the emulator had lost and this PUT made again is the stack's from now on. */
export async function update(_id: string, olds: LocalHubOutputs, news: LocalHubInputs): Promise<{ outs: LocalHubOutputs }> {
  const { outs, created } = await put(news);
  return { outs: { ...outs, createdByStack: olds.createdByStack === true || created } };
}

/**
 * Refresh reads the hub as the emulator holds it now and writes nothing. A hub the emulator no
 * longer holds (a wiped data directory) is reported gone, so Pulumi drops it from state and the
 * next `up` creates it again. Fields the emulator does not hold (the fleet, createdByStack, or its
 * absence in state from before it was recorded) stay as recorded.
 */
export async function read(id: string, props: LocalHubOutputs | undefined): Promise<{ id?: string; props?: LocalHubOutputs }> {
  if (!props) throw new Error(`local hub ${id}: cannot be read without its recorded state`);
  const hub = await findLocalHub(props);
  if (!hub) return {};
  return { id, props: { ...props, hostName: hub.hostName, tier: hub.tier, endpoint: hub.endpoint, connectionString: hub.connectionString } };
}

/**
 * Deletes the hub only when the stack created it. A hub the stack adopted (one `npx hubjobs hub`
 * or `npm start` started with its fleet) is left as it was found, devices, twins and jobs included;
 * so is one recorded before createdByStack existed: what the stack cannot prove it created, it keeps.
 */
export async function remove(_id: string, props: LocalHubOutputs): Promise<void> {
  if (props.createdByStack !== true) return;
  const deleted = await admin(props, "DELETE");
  if (deleted.status >= 300 && deleted.status !== 404) throw new EmulatorAdminError(deleted.status, `could not delete hub ${props.hubName}: ${deleted.problem()}`);
}

/** PUTs the hub (201: created now, 200: it was there) and seeds the fleet. */
async function put(inputs: LocalHubInputs): Promise<{ outs: Omit<LocalHubOutputs, "createdByStack">; created: boolean }> {
  const body: Record<string, string> = {};
  if (inputs.tier) body.tier = inputs.tier;
  if (inputs.hostName) body.hostName = inputs.hostName;
  const created = await admin(inputs, "PUT", body);
  if (created.status < 200 || created.status >= 300) throw new EmulatorAdminError(created.status, `could not create hub ${inputs.hubName} on ${inputs.adminUrl}: ${created.problem()}`);
  const hub = created.json as AdminHub;
  if (inputs.fleet) {
    // overwrite=false: a re-apply seeds missing devices without resetting the ones tests or users changed.
    const loaded = await admin(inputs, "PUT", inputs.fleet, "/fleet?overwrite=false");
    if (loaded.status < 200 || loaded.status >= 300) throw new EmulatorAdminError(loaded.status, `could not load the fleet into hub ${inputs.hubName}: ${loaded.problem()}`);
  }
  const outs = {
    adminUrl: inputs.adminUrl,
    adminKey: inputs.adminKey,
    hubName: inputs.hubName,
    hostName: hub.hostName,
    tier: hub.tier,
    endpoint: hub.endpoint,
    connectionString: hub.connectionString,
    ...(inputs.fleet ? { fleet: inputs.fleet } : {}),
  };
  return { outs, created: created.status === 201 };
}
