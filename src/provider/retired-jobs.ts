// The stack's memory of removed manifests. When a manifest leaves jobs/, its job resource leaves
// state, so a manifest added back later would look new: with the same content it would match its
// old job on the hub and run nothing. The stack output `retiredJobs` remembers, per manifest name,
// the job it had when it was removed; the program reads the outputs the last deployment left
// (the engine's built-in `readStackOutputs`, nothing registered, so no resource and no diff), and a
// re-added manifest becomes a new job that supersedes the retired one (src/provider/job-lineage.ts).
// A stack whose state was lost has no outputs to read, so its jobs adopt what the hub holds instead.
import * as pulumi from "@pulumi/pulumi";

/** name -> job id, as the stack output `retiredJobs` records it. */
export type RetiredJobs = Record<string, string>;

/** The outputs the last deployment of this stack recorded; `{}` for a stack that has none. */
export async function previousStackOutputs(): Promise<Record<string, unknown>> {
  const stackName = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  try {
    const result = (await pulumi.runtime.invoke("pulumi:pulumi:readStackOutputs", { name: stackName })) as { outputs?: Record<string, unknown> } | undefined;
    return result?.outputs ?? {};
  } catch (e) {
    // A stack never deployed has no checkpoint to read.
    if (/no stack|not found|does not exist/i.test((e as Error).message)) return {};
    throw e;
  }
}

/** The retired jobs after this deployment: those recorded before, plus every job whose manifest is gone now. */
export function retiredJobs(previous: Record<string, unknown>, currentNames: ReadonlySet<string>): RetiredJobs {
  const retired: RetiredJobs = {};
  for (const [name, jobId] of Object.entries(asRecord(previous.retiredJobs))) if (typeof jobId === "string") retired[name] = jobId;
  for (const [name, job] of Object.entries(asRecord(previous.jobs))) {
    const jobId = asRecord(job).jobId;
    if (!currentNames.has(name) && typeof jobId === "string") retired[name] = jobId;
  }
  return retired;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
