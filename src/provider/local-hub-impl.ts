// Creates, adopts and removes a hub on the embedded emulator through its admin API. PUT is
// idempotent there, so create and adopt are the same call.
import type * as pulumi from "@pulumi/pulumi";
import { canonicallyEqual } from "../util/canonical-json.ts";
import type { LocalHubInputs, LocalHubOutputs } from "./local-hub-types.ts";

interface AdminHub {
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

async function admin(inputs: Pick<LocalHubInputs, "adminUrl" | "adminKey" | "hubName">, method: "PUT" | "DELETE", body?: unknown, subPath = ""): Promise<{ status: number; json: unknown }> {
  const url = `${inputs.adminUrl.replace(/\/$/, "")}/_emulator/hubs/${encodeURIComponent(inputs.hubName)}${subPath}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${inputs.adminKey}`, ...(body !== undefined ? { "Content-Type": typeof body === "string" ? "application/yaml" : "application/json" } : {}) },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
  } catch (e) {
    throw new EmulatorAdminError(0, `the hubjobs emulator at ${inputs.adminUrl} is not reachable (${(e as Error).cause ?? (e as Error).message}); start it with \`hubjobs hub start\` or set hubjobs:emulatorUrl`);
  }
  const text = await res.text();
  let json: unknown;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, json };
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

/** The emulator has no read route; an idempotent PUT with the recorded settings reads (and heals) the hub. */
export async function read(id: string, props: LocalHubOutputs | undefined): Promise<{ id: string; props: LocalHubOutputs }> {
  if (!props) throw new Error(`local hub ${id}: cannot be read without its recorded state`);
  return { id, props: await put(props) };
}

export async function remove(_id: string, props: LocalHubOutputs): Promise<void> {
  const { status, json } = await admin(props, "DELETE");
  if (status >= 300 && status !== 404) throw new EmulatorAdminError(status, `could not delete hub ${props.hubName}: ${status} ${describe(json)}`);
}

async function put(inputs: LocalHubInputs): Promise<LocalHubOutputs> {
  const body: Record<string, string> = {};
  if (inputs.tier) body.tier = inputs.tier;
  if (inputs.hostName) body.hostName = inputs.hostName;
  const { status, json } = await admin(inputs, "PUT", body);
  if (status < 200 || status >= 300) throw new EmulatorAdminError(status, `could not create hub ${inputs.hubName} on ${inputs.adminUrl}: ${status} ${describe(json)}`);
  const hub = json as AdminHub;
  if (inputs.fleet) {
    // overwrite=false: a re-apply seeds missing devices without resetting the ones tests or users changed.
    const loaded = await admin(inputs, "PUT", inputs.fleet, "/fleet?overwrite=false");
    if (loaded.status < 200 || loaded.status >= 300) throw new EmulatorAdminError(loaded.status, `could not load the fleet into hub ${inputs.hubName}: ${loaded.status} ${describe(loaded.json)}`);
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

function describe(json: unknown): string {
  const m = (json as { Message?: unknown; message?: unknown } | undefined)?.Message ?? (json as { message?: unknown } | undefined)?.message;
  return typeof m === "string" ? m : "";
}
