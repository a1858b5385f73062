// `hubjobs plan --hub <connection string | stack>`: the blast radius of the planned jobs on a hub
// named the same way `hubjobs status` names one (see src/cli/status/hub-target.ts).
import { createClient } from "../iothub/index.ts";
import { resolveHubTarget, type HubTargetDeps, type HubTargetOptions } from "../cli/status/hub-target.ts";
import { computeBlastRadius, type BlastJob, type BlastRadiusReport } from "./blast-radius.ts";

export async function blastRadiusForPlan(jobs: readonly BlastJob[], hub: HubTargetOptions, env: Record<string, string | undefined>, cwd: string, deps: HubTargetDeps = {}): Promise<BlastRadiusReport> {
  const target = await resolveHubTarget(hub, env, cwd, deps);
  // A plan is interactive: give up on an unreachable hub within seconds, not minutes.
  const client = await createClient(target.access, { retry: { deadlineMs: 20_000 } });
  return computeBlastRadius(client, jobs, target.tier ? { tier: target.tier } : {});
}
