// Creates, adopts and removes a hub on the embedded emulator through its admin API. PUT is
// idempotent there, so create and adopt are the same call.
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
  return { status: res.status, json, problem: () => parseErrorResponse(res.status, text).describe() };
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
  const outs = await put(inputs);
  return { id: inputs.hubName, outs };
}

export async function update(_id: string, _olds: LocalHubOutputs, news: LocalHubInputs): Promise<{ outs: LocalHubOutputs }> {
  return { outs: await put(news) };
}

/** Refresh is an idempotent PUT with the recorded settings, not a GET: it reads the hub and recreates it when the emulator lost it (a wiped data dir). */
export async function read(id: string, props: LocalHubOutputs | undefined): Promise<{ id: string; props: LocalHubOutputs }> {
  if (!props) throw new Error(`local hub ${id}: cannot be read without its recorded state`);
  return { id, props: await put(props) };
}

export async function remove(_id: string, props: LocalHubOutputs): Promise<void> {
  const deleted = await admin(props, "DELETE");
  if (deleted.status >= 300 && deleted.status !== 404) throw new EmulatorAdminError(deleted.status, `could not delete hub ${props.hubName}: ${deleted.problem()}`);
}

async function put(inputs: LocalHubInputs): Promise<LocalHubOutputs> {
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
  return {
    adminUrl: inputs.adminUrl,
    adminKey: inputs.adminKey,
    hubName: inputs.hubName,
    hostName: hub.hostName,
    tier: hub.tier,
    endpoint: hub.endpoint,
    connectionString: hub.connectionString,
    ...(inputs.fleet ? { fleet: inputs.fleet } : {}),
  };
}
