// The blast radius in `pulumi preview`: one diagnostic per job ("lock-doors: this job touches 12,408
// devices ...") and data for a stack output. Counting is advice for the reviewer, never a reason
// for a preview to fail: any error becomes one warning.
import { createClient, type HubAccess } from "../iothub/index.ts";
import { computeBlastRadius, type BlastJob } from "./blast-radius.ts";
import { blastRadiusOutput, describeJobBlastRadius } from "./format.ts";
import type { HubTier } from "./tier-limits.ts";

export interface PreviewLog {
  /** e.g. `(msg, name) => pulumi.log.info(msg, jobResources[name])` */
  info(message: string, jobName: string): void;
  warn(message: string): void;
}

export type BlastRadiusOutput = ReturnType<typeof blastRadiusOutput>;

export async function blastRadiusDiagnostics(access: HubAccess, jobs: readonly BlastJob[], options: { tier?: HubTier; log: PreviewLog }): Promise<BlastRadiusOutput | undefined> {
  try {
    const client = await createClient(access, { retry: { deadlineMs: 20_000 } });
    const report = await computeBlastRadius(client, jobs, options.tier ? { tier: options.tier } : {});
    for (const job of report.jobs) options.log.info(describeJobBlastRadius(job), job.name);
    return blastRadiusOutput(report);
  } catch (e) {
    options.log.warn(`blast radius unavailable: ${(e as Error).message.split("\n")[0]}`);
    return undefined;
  }
}
