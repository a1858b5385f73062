// What this stack's state records, read by the program before it registers anything: the engine's
// built-in `readStackResourceOutputs` returns every resource's outputs from the stack's checkpoint
// (the same snapshot the engine diffs against; no resource is registered, so nothing shows in a
// diff). The job provider's `check` cannot always see this itself: when a job must be replaced, the
// engine checks the replacement's inputs again with no old inputs, so the program passes each job
// the id state records for it (src/provider/job-lineage.ts).
import * as pulumi from "@pulumi/pulumi";

/** The built-in resource type of dynamic job resources (src/provider/job-provider.ts). */
const JOB_TYPE = "pulumi-nodejs:dynamic/hubjobs:Job";
const STACK_TYPE = "pulumi:pulumi:Stack";

export interface RecordedStack {
  /** Manifest name -> the job id state records for its job resource. */
  jobIds: Record<string, string>;
  /** The stack's outputs as the last deployment recorded them. */
  outputs: Record<string, unknown>;
}

export const emptyRecord: RecordedStack = { jobIds: {}, outputs: {} };

/** The checkpoint of this stack; empty for a stack never deployed (or whose state was lost). */
export async function readRecordedStack(): Promise<RecordedStack> {
  const stackName = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  let result: unknown;
  try {
    result = await pulumi.runtime.invoke("pulumi:pulumi:readStackResourceOutputs", { stackName });
  } catch (e) {
    // A stack never deployed has no checkpoint to read.
    if (/no stack|not found|does not exist/i.test((e as Error).message)) return emptyRecord;
    throw e;
  }
  return recordedStackOf(asRecord(asRecord(result).outputs));
}

/** `readStackResourceOutputs`' answer (URN -> { type?, outputs }) as job ids and stack outputs. */
export function recordedStackOf(resources: Record<string, unknown>): RecordedStack {
  const record: RecordedStack = { jobIds: {}, outputs: {} };
  for (const [urn, entry] of Object.entries(resources)) {
    const outputs = asRecord(asRecord(entry).outputs);
    const type = urn.split("::")[2] ?? "";
    if (type === STACK_TYPE) record.outputs = outputs;
    if (type === JOB_TYPE && typeof outputs.name === "string" && typeof outputs.jobId === "string") record.jobIds[outputs.name] = outputs.jobId;
  }
  return record;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
