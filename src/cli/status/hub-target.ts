// Which hub `hubjobs status` and `hubjobs plan --hub` talk to, in order of precedence:
//   1. --auth entra --host-name H         Microsoft Entra ID (DefaultAzureCredential)
//   2. --hub "HostName=...;..."           a connection string
//   3. --hub <stack>                      the hub of a Pulumi stack (`pulumi stack output`)
//   4. HUBJOBS_CONNECTION_STRING          from the environment
//   5. the dev emulator                   the dev stack's configDefaults: http://127.0.0.1:4300, hub `dev`
// An emulator is plain HTTP on a port, so its endpoint URL comes with it (--endpoint,
// HUBJOBS_ENDPOINT, the stack's output or the emulator's admin API) while requests are still signed
// for the connection string's HostName.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { HubAccess } from "../../iothub/index.ts";
import { parseHubTier, type HubTier } from "../../blast/tier-limits.ts";
// read-config.ts, not config/index.ts, which would load @pulumi/pulumi into every `status`.
import { configDefaults } from "../../config/read-config.ts";
import { readStackOutputsWithPulumi } from "./stack-outputs.ts";
import { StatusError } from "./status-error.ts";

export interface HubTargetOptions {
  hub?: string | undefined;
  endpoint?: string | undefined;
  auth?: string | undefined;
  hostName?: string | undefined;
  tier?: string | undefined;
}

export interface HubTarget {
  access: HubAccess;
  /** Known from --tier or the emulator; undefined when nothing said. */
  tier: HubTier | undefined;
  /** For messages: where the hub came from, never containing a key. */
  source: string;
  /** `--hub <stack>`: the stack's name and its `jobs` output (each job's id and completion rule). */
  stack?: { name: string; jobs: unknown };
}

/** Reads a stack's outputs as JSON (secrets shown); replaceable in tests. */
export type StackOutputReader = (stack: string, cwd: string) => Promise<Record<string, unknown>>;

export interface HubTargetDeps {
  readStackOutputs?: StackOutputReader;
  fetch?: typeof fetch;
}

export async function resolveHubTarget(options: HubTargetOptions, env: Record<string, string | undefined>, cwd: string, deps: HubTargetDeps = {}): Promise<HubTarget> {
  const tier = readTier(options.tier);
  const endpoint = options.endpoint ?? env.HUBJOBS_ENDPOINT;
  const withEndpoint = (access: HubAccess, url: string | undefined): HubAccess => (url ? { ...access, endpoint: url } : access);

  if (options.auth !== undefined && options.auth !== "entra" && options.auth !== "sas") {
    throw new StatusError("E_USAGE", `--auth must be entra or sas, not '${options.auth}'`);
  }
  if (options.auth === "entra") {
    if (!options.hostName) throw new StatusError("E_USAGE", "--auth entra needs --host-name <hub>.azure-devices.net");
    return { access: withEndpoint({ auth: "entra", hostName: options.hostName }, endpoint), tier, source: `${options.hostName} (Entra ID)` };
  }
  if (options.hub !== undefined) {
    if (/HostName=/i.test(options.hub)) {
      return { access: withEndpoint({ connectionString: options.hub }, endpoint), tier, source: "the --hub connection string" };
    }
    return fromStack(options.hub, endpoint, tier, cwd, deps.readStackOutputs ?? ((stack, dir) => readStackOutputsWithPulumi(stack, dir, env)));
  }
  const fromEnv = env.HUBJOBS_CONNECTION_STRING;
  if (fromEnv) return { access: withEndpoint({ connectionString: fromEnv }, endpoint), tier, source: "HUBJOBS_CONNECTION_STRING" };
  return fromDevEmulator(env, cwd, endpoint, tier, deps.fetch ?? fetch);
}

function readTier(text: string | undefined): HubTier | undefined {
  if (text === undefined) return undefined;
  const tier = parseHubTier(text);
  if (!tier) throw new StatusError("E_USAGE", `--tier must be one of F1, S1, S2, S3, not '${text}'`);
  return tier;
}

// Output names the Pulumi program may use for its hub; the first present wins.
const connectionStringKeys = ["hubConnectionString", "connectionString"];
const endpointKeys = ["hubEndpoint", "endpoint"];
const hostNameKeys = ["hubHostName", "hostName"];
const tierKeys = ["hubTier", "tier", "skuName"];

function pick(outputs: Record<string, unknown>, keys: string[]): string | undefined {
  const nested = typeof outputs.hub === "object" && outputs.hub !== null ? (outputs.hub as Record<string, unknown>) : {};
  for (const key of keys) {
    for (const source of [outputs, nested]) {
      const v = source[key];
      if (typeof v === "string" && v !== "") return v;
    }
  }
  return undefined;
}

async function fromStack(stack: string, endpoint: string | undefined, tier: HubTier | undefined, cwd: string, read: StackOutputReader): Promise<HubTarget> {
  let outputs: Record<string, unknown>;
  try {
    outputs = await read(stack, cwd);
  } catch (e) {
    throw new StatusError("E_STACK_OUTPUTS", `cannot read the outputs of stack '${stack}': ${(e as Error).message.split("\n")[0]}`);
  }
  const connectionString = pick(outputs, connectionStringKeys);
  const hostName = pick(outputs, hostNameKeys);
  const url = endpoint ?? pick(outputs, endpointKeys);
  const stackTier = tier ?? parseHubTier(pick(outputs, tierKeys) ?? "");
  const jobs = { name: stack, jobs: outputs.jobs };
  if (connectionString) {
    return { access: { connectionString, ...(hostName ? { hostName } : {}), ...(url ? { endpoint: url } : {}) }, tier: stackTier, source: `stack ${stack}`, stack: jobs };
  }
  if (hostName) {
    // A stack on `auth: entra` exports no connection string: sign in as the user instead.
    return { access: { auth: "entra", hostName, ...(url ? { endpoint: url } : {}) }, tier: stackTier, source: `stack ${stack} (Entra ID)`, stack: jobs };
  }
  throw new StatusError("E_STACK_OUTPUTS", `stack '${stack}' has no hubConnectionString or hubHostName output; pass --hub "<connection string>" instead`);
}

interface EmulatorHub {
  connectionString?: string;
  endpoint?: string;
  tier?: string;
  hostName?: string;
}

async function fromDevEmulator(env: Record<string, string | undefined>, cwd: string, endpoint: string | undefined, tier: HubTier | undefined, fetchFn: typeof fetch): Promise<HubTarget> {
  const url = (endpoint ?? env.HUBJOBS_EMULATOR_URL ?? configDefaults.emulatorUrl).replace(/\/+$/, "");
  const hubName = env.HUBJOBS_HUB_NAME ?? configDefaults.hubName;
  const adminKey = env.HUBJOBS_ADMIN_KEY ?? (await readAdminKey(join(cwd, env.HUBJOBS_EMULATOR_DATA_DIR ?? configDefaults.emulatorDataDir, "admin-key")));
  const hint = "pass --hub <connection string | stack>, set HUBJOBS_CONNECTION_STRING, or start the dev hub with `hubjobs hub`";
  if (!adminKey) throw new StatusError("E_HUB_NOT_FOUND", `no hub given and no dev emulator admin key (HUBJOBS_ADMIN_KEY or ${configDefaults.emulatorDataDir}/admin-key): ${hint}`);
  let res: Response;
  try {
    res = await fetchFn(`${url}/_emulator/hubs/${encodeURIComponent(hubName)}`, { headers: { Authorization: `Bearer ${adminKey}` } });
  } catch {
    throw new StatusError("E_HUB_UNREACHABLE", `no dev emulator answers at ${url}: ${hint}`);
  }
  if (res.status === 404) {
    // The emulator runs but the hub is gone (`pulumi destroy` removes it) or was never created.
    throw new StatusError("E_HUB_NOT_FOUND", `the dev emulator at ${url} has no hub '${hubName}': create it with \`npm start\` (or \`npm run pulumi -- up --stack dev\`), or pass --hub <connection string | stack>`);
  }
  if (!res.ok) throw new StatusError("E_HUB_NOT_FOUND", `the dev emulator at ${url} refused to show hub '${hubName}' (HTTP ${res.status}; is HUBJOBS_ADMIN_KEY or ${configDefaults.emulatorDataDir}/admin-key this emulator's key?): ${hint}`);
  const hub = (await res.json()) as EmulatorHub;
  if (!hub.connectionString) throw new StatusError("E_HUB_NOT_FOUND", `the dev emulator at ${url} gave no connection string for hub '${hubName}'`);
  return {
    access: { connectionString: hub.connectionString, endpoint: endpoint ?? hub.endpoint ?? url },
    tier: tier ?? parseHubTier(hub.tier ?? ""),
    source: `dev emulator hub '${hubName}' at ${url}`,
  };
}

async function readAdminKey(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, "utf8")).trim() || undefined;
  } catch {
    return undefined;
  }
}
