// `hubjobs plan --hub <connection string | stack>`: the blast radius of the planned jobs on a hub
// named the same way `hubjobs status` names one (see status/hub-target.ts). The count itself is
// src/blast's; this is the command's side: options, hub resolution, errors.
import { computeBlastRadius, formatBlastRadius, type BlastJob, type BlastRadiusReport } from "../blast/index.ts";
import { createClient, IotHubError } from "../iothub/index.ts";
import type { OutputStream } from "./io.ts";
import { resolveHubTarget, type HubTargetDeps, type HubTargetOptions } from "./status/hub-target.ts";
import { describeHubFailure, hubUrlOf, interactiveRetry } from "./status/hub-errors.ts";
import { StatusError } from "./status/status-error.ts";

/** What plan's blast radius may use besides the hub target's own dependencies. */
export interface PlanBlastDeps extends HubTargetDeps {
  /** Where to tell the person that the hub is slow to answer (plan's stderr). */
  stderr?: OutputStream;
}

/** `--units`: the hub's capacity units, a positive integer (the job rate of S2 and S3 grows with them). */
export function readUnits(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const units = Number(text);
  if (!Number.isInteger(units) || units < 1) throw new StatusError("E_USAGE", `--units must be a positive integer (the hub's capacity units), not '${text}'`);
  return units;
}

export async function blastRadiusForPlan(jobs: readonly BlastJob[], hub: HubTargetOptions & { units?: string | undefined }, env: Record<string, string | undefined>, cwd: string, deps: PlanBlastDeps = {}): Promise<BlastRadiusReport> {
  const units = readUnits(hub.units);
  const target = await resolveHubTarget(hub, env, cwd, deps);
  // A plan is interactive: give up on an unreachable hub within seconds, not minutes, and say so while retrying.
  const retry = deps.stderr ? interactiveRetry(deps.stderr, "hubjobs plan", hubUrlOf(target.access), 20_000) : { deadlineMs: 20_000 };
  const client = await createClient(target.access, { retry });
  try {
    return await computeBlastRadius(client, jobs, { ...(target.tier ? { tier: target.tier } : {}), ...(units ? { units } : {}) });
  } catch (e) {
    if (e instanceof IotHubError) throw new StatusError("E_HUB_UNREACHABLE", describeHubFailure(e, target.access));
    throw e;
  }
}

/** The options `plan` adds for this, in node:util parseArgs form. */
export const planHubOptions = {
  hub: { type: "string" },
  endpoint: { type: "string" },
  tier: { type: "string" },
  units: { type: "string" },
  auth: { type: "string" },
  "host-name": { type: "string" },
} as const;

export const planHubHelp = `  --hub <hub>         also show each job's blast radius on this hub: a connection string or a
                      Pulumi stack name (devices matched now, offline, job-slot queueing)
  --endpoint <url>    connect to this URL (an emulator) while signing for the hub's HostName
  --tier <F1|S1|S2|S3> the hub's tier for the concurrent-job and duration forecasts (default: S1, said so)
  --units <n>         the hub's capacity units: S2's and S3's job rates grow with them (default: 1, said so)
  --auth entra --host-name <host>   use Microsoft Entra ID instead of a connection string
`;

export type PlanBlastRadius =
  | { kind: "none" }
  | { kind: "report"; report: BlastRadiusReport; lines: string[] }
  | { kind: "error"; message: string };

/**
 * Everything `plan` needs from parsed option values: nothing when no hub option was given, the
 * report and its text lines, or one error line (exit 2: the hub could not be asked).
 */
export async function planBlastRadius(jobs: readonly BlastJob[], values: Record<string, string | boolean | undefined>, env: Record<string, string | undefined>, cwd: string, deps: PlanBlastDeps = {}): Promise<PlanBlastRadius> {
  const str = (k: string): string | undefined => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  if (str("hub") === undefined && str("auth") === undefined) return { kind: "none" };
  try {
    const report = await blastRadiusForPlan(jobs, { hub: str("hub"), endpoint: str("endpoint"), tier: str("tier"), units: str("units"), auth: str("auth"), hostName: str("host-name") }, env, cwd, deps);
    return { kind: "report", report, lines: formatBlastRadius(report) };
  } catch (e) {
    if (e instanceof StatusError) return { kind: "error", message: `hubjobs plan: error ${e.code}: ${e.message}` };
    if (e instanceof IotHubError) return { kind: "error", message: `hubjobs plan: error E_HUB_UNREACHABLE: ${e.describe()}` };
    if (e instanceof Error && e.name === "ConnectionStringError") return { kind: "error", message: `hubjobs plan: error E_USAGE: ${e.message}` };
    throw e;
  }
}
