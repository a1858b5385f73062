// `hubjobs status`: resolve the hub, select jobs, optionally watch them to the end, then print a
// table or JSON and a summary of failed devices. Exit 0 = nothing failed, 1 = a job or device failed
// (or a named job is missing), 2 = usage error or the hub could not be asked.
import { parseArgs } from "node:util";
import { createClient, IotHubError, type HubAccess } from "../../iothub/index.ts";
import { isDuration, parseDuration } from "../../manifest/duration.ts";
import type { CommandIo } from "../io.ts";
import { statusHelp } from "./help.ts";
import { DeviceErrorLookup } from "../../jobs/index.ts";
import { describeHubFailure, hubUrlOf, interactiveRetry } from "./hub-errors.ts";
import { resolveHubTarget, type HubTargetDeps } from "./hub-target.ts";
import { loadRuleBook, type RuleSources } from "./job-rules.ts";
import { exitCodeFor, failedDeviceLimit, selectJobs, type SnapshotClient } from "./job-snapshot.ts";
import { renderSummary, renderTable, toJson } from "./render.ts";
import { withDeviceErrors, withFailedDevices } from "./snapshot-findings.ts";
import { StatusError } from "./status-error.ts";
import { watchJobs } from "./watch.ts";

export interface StatusDeps extends HubTargetDeps {
  sleep?: (ms: number) => Promise<void>;
  /** Replaces the client built from the resolved hub (tests). */
  client?: SnapshotClient;
}

const defaultIntervalMs = 2000;

/**
 * `--interval`: a manifest duration (imported from its own file, as manifest/index.ts would load Ajv
 * and the YAML loader into every `status`), with status's own bounds: above zero, and no `h` unit,
 * which the usage message never offered for a poll interval. Undefined when out of bounds.
 */
function parseIntervalMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (!isDuration(trimmed) || trimmed.endsWith("h")) return undefined;
  const ms = parseDuration(trimmed);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
/** How long status keeps retrying a hub that does not answer or throttles. */
const retryDeadlineMs = 30_000;

interface StatusOptions {
  selectors: string[];
  watch: boolean;
  json: boolean;
  intervalMs: number;
  maxFailed: number;
  /** `--jobs`: the manifests whose completion rules judge their jobs. */
  jobsPath: string | undefined;
  hub: { hub?: string; endpoint?: string; auth?: string; hostName?: string };
}

function parseOptions(argv: string[]): StatusOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        watch: { type: "boolean", short: "w" },
        json: { type: "boolean" },
        hub: { type: "string" },
        endpoint: { type: "string" },
        auth: { type: "string" },
        "host-name": { type: "string" },
        interval: { type: "string" },
        "max-failed": { type: "string" },
        jobs: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new StatusError("E_USAGE", (e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return "help";
  const intervalMs = v.interval === undefined ? defaultIntervalMs : parseIntervalMs(v.interval);
  if (intervalMs === undefined) throw new StatusError("E_USAGE", `--interval must be a duration like 500ms, 2s or 1m, not '${v.interval}'`);
  const maxFailed = v["max-failed"] === undefined ? failedDeviceLimit : Number(v["max-failed"]);
  if (!Number.isInteger(maxFailed) || maxFailed < 0) throw new StatusError("E_USAGE", `--max-failed must be a whole number, not '${v["max-failed"]}'`);
  if (v.auth !== undefined && v.auth !== "entra" && v.auth !== "sas") throw new StatusError("E_USAGE", `--auth must be entra or sas, not '${v.auth}'`);
  if (v.auth === "entra" && !v["host-name"]) throw new StatusError("E_USAGE", "--auth entra needs --host-name <hub>.azure-devices.net");
  const hub: StatusOptions["hub"] = {};
  if (v.hub !== undefined) hub.hub = v.hub;
  if (v.endpoint !== undefined) hub.endpoint = v.endpoint;
  if (v.auth !== undefined) hub.auth = v.auth;
  if (v["host-name"] !== undefined) hub.hostName = v["host-name"];
  return { selectors: parsed.positionals, watch: v.watch ?? false, json: v.json ?? false, intervalMs, maxFailed, jobsPath: v.jobs, hub };
}

export async function runStatus(argv: string[], io: CommandIo, deps: StatusDeps = {}): Promise<number> {
  let access: HubAccess | undefined;
  try {
    const options = parseOptions(argv);
    if (options === "help") {
      io.stdout.write(statusHelp);
      return 0;
    }
    // A person is waiting at the terminal: retry throttling and dropped connections briefly, not for
    // the client's default five minutes, and say so while retrying.
    let client = deps.client;
    const rules: RuleSources = { jobsPath: options.jobsPath };
    if (!client) {
      const target = await resolveHubTarget(options.hub, io.env, io.cwd, deps);
      access = target.access;
      if (target.stack) rules.stack = target.stack;
      client = await createClient(access, { retry: interactiveRetry(io.stderr, "hubjobs status", hubUrlOf(access), retryDeadlineMs) });
    }
    // Read while the hub is asked: loading manifests takes longer than one look at the hub.
    const ruleBook = loadRuleBook(rules, io.cwd, io.stderr, io.now ?? new Date());
    ruleBook.catch(() => {}); // awaited by selectJobs; a failure surfaces there
    const { jobs: selected, unmatched } = await selectJobs(client, options.selectors, ruleBook);
    for (const name of unmatched) io.stderr.write(`hubjobs status: error E_JOB_NOT_FOUND: no job on the hub matches '${name}'\n`);

    // Judged as `pulumi up` judges, by each job's rule: one capped lookup per ended method job, shared with --watch.
    const lookup = new DeviceErrorLookup(client, options.maxFailed);
    const watchOptions = { intervalMs: options.intervalMs, quiet: options.json, lookup, ...(deps.sleep ? { sleep: deps.sleep } : {}) };
    const ended = options.watch ? await watchJobs(client, selected, io.stdout, watchOptions) : selected;
    const jobs = await withFailedDevices(client, await withDeviceErrors(lookup, ended), lookup, options.maxFailed);
    const code = Math.max(exitCodeFor(jobs), unmatched.length > 0 ? 1 : 0);

    if (options.json) {
      io.stdout.write(`${toJson(jobs, code)}\n`);
    } else {
      const lines = options.watch ? [] : jobs.length > 0 ? [...renderTable(jobs), ""] : [];
      if (options.watch && jobs.length > 0) lines.push("");
      lines.push(...renderSummary(jobs));
      io.stdout.write(`${lines.join("\n")}\n`);
    }
    return code;
  } catch (e) {
    if (e instanceof StatusError) {
      io.stderr.write(`hubjobs status: error ${e.code}: ${e.message}\n`);
      if (e.code === "E_USAGE") io.stderr.write("Run `hubjobs status --help` for usage.\n");
      return 2;
    }
    if (e instanceof IotHubError) {
      io.stderr.write(`hubjobs status: error E_HUB_UNREACHABLE: ${describeHubFailure(e, access)}\n`);
      return 2;
    }
    if (e instanceof Error && e.name === "ConnectionStringError") {
      io.stderr.write(`hubjobs status: error E_USAGE: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
