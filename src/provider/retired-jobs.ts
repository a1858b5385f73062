// The stack's memory of removed manifests. When a manifest leaves jobs/, its job resource leaves
// state, so a manifest added back later would look new: with the same content it would match its
// old job on the hub and run nothing. The stack output `retiredJobs` remembers, per manifest name,
// the job it had when it was removed (read back from the checkpoint, src/provider/recorded-stack.ts),
// and a re-added manifest becomes a new job that supersedes the retired one (src/provider/job-lineage.ts).
// A stack whose state was lost has nothing recorded, so its jobs adopt what the hub holds instead.
import { asRecord, type RecordedStack } from "./recorded-stack.ts";

/** name -> job id, as the stack output `retiredJobs` records it. */
export type RetiredJobs = Record<string, string>;

/** The retired jobs after this deployment: those recorded before, plus every recorded job whose manifest is gone now. */
export function retiredJobs(recorded: RecordedStack, currentNames: ReadonlySet<string>): RetiredJobs {
  const retired: RetiredJobs = {};
  for (const [name, jobId] of Object.entries(asRecord(recorded.outputs.retiredJobs))) if (typeof jobId === "string") retired[name] = jobId;
  for (const [name, jobId] of Object.entries(recorded.jobIds)) if (!currentNames.has(name)) retired[name] = jobId;
  return retired;
}
