// What the job provider sees: plain inputs (after Pulumi resolved them) and the outputs it records.
// Outputs repeat the inputs, because the engine hands delete/read/diff only the recorded outputs.
import type { DeviceJobStatistics, JobRequest } from "../iothub/types.ts";
import type { FailedDevice, JobOutcome } from "../jobs/index.ts";
import type { CompiledRollout } from "../manifest/types.ts";

/** How the provider reaches the hub. `connectionString` is a secret in state. */
export interface HubAccessInputs {
  hostName: string;
  /** Explicit URL to connect to (the embedded emulator); empty = `https://<hostName>/`. */
  endpoint?: string;
  auth: "sas" | "entra";
  connectionString?: string;
}

export interface CompletionInputs {
  wait: boolean;
  timeoutSeconds: number;
  /** Largest failed share (0..100) a finished job may have and still count as a success. */
  maxFailedPercent: number;
}

export interface JobInputs {
  /** The manifest's metadata.name (also the Pulumi resource name). */
  name: string;
  /**
   * The IoT Hub job id. The program passes the first-revision id (name + work digest); `check`
   * replaces it with the id this stack uses (src/provider/job-lineage.ts).
   */
  jobId: string;
  /** `DeviceMethodJob` | `TwinUpdateJob`. */
  kind: string;
  /** The exact jobs v2 request body; for a rollout, each wave's template (its condition the whole target). */
  request: JobRequest;
  /** A staged rollout: waves run in order, each its own job, gated (src/provider/rollout-run.ts). */
  rollout?: CompiledRollout;
  description?: string;
  labels?: Record<string, string>;
  completion: CompletionInputs;
  hub: HubAccessInputs;
  /** How long submission may keep retrying throttling and faults; default 1800. */
  submitDeadlineSeconds?: number;
  /**
   * Which hub this is, from configuration (known in every preview, unlike a hub's host name while the
   * hub itself changes): `local/dev`, `azure/<group>/<name>@<region>`, `existing/<host>`.
   */
  hubIdentity?: string;
  /**
   * The job id the stack's state records for this manifest (src/provider/recorded-stack.ts): `check`
   * chains a replacement to it when the engine checks the replacement with no old inputs.
   */
  recordedJobId?: string;
  /**
   * The job this manifest had when it was last removed from the stack (the stack's `retiredJobs`
   * output, src/retired-jobs.ts): a re-added manifest is a new job that runs again, after that one.
   */
  retiredJobId?: string;
  /** Set by `check`: the job id state recorded for this manifest, absent for a resource new to state. */
  priorJobId?: string;
  /** Set by `check` when what the job does changed: the job this one replaces, ended before it is submitted. */
  supersedes?: string;
}

/** One wave of a rollout as it ran: its job, and how its gate judged it ("passed" or why not). */
export interface WaveRecord {
  name: string;
  jobId: string;
  status: string;
  deviceJobStatistics: DeviceJobStatistics;
  gate: string;
  /** The gate's tolerated failed share for this wave (what `hubjobs status` judges the wave's job by). */
  maxFailedPercent?: number;
}

/**
 * Recorded state. The request itself is not repeated (a method payload may be 128 KB and the
 * inputs already hold it): its canonical digest is enough to detect a change.
 */
export interface JobOutputs extends Omit<JobInputs, "request"> {
  /** sha256 of the canonical request. */
  requestDigest: string;
  type: string;
  status: string;
  deviceJobStatistics: DeviceJobStatistics;
  /** Unreachable devices first, then devices whose method answered an error; at most 10. */
  failedDevices: FailedDevice[];
  /** Method jobs, once ended: devices that answered an error status (a lower bound when `deviceErrorCountCapped`). */
  deviceErrorCount?: number | null;
  deviceErrorCountCapped?: boolean | null;
  /** The job's createdTime on the hub. */
  submittedAt?: string;
  endTime?: string;
  failureReason?: string;
  /** When this provider submitted or adopted the job; the program reports failures only for jobs applied during its own run. */
  appliedAt: string;
  /** True when create found the job already on the hub (lost response, lost state) instead of submitting it. */
  adopted: boolean;
  outcome: JobOutcome;
  /** A rollout's waves that ran, in order; the rollout stopped after the last one when its gate failed. */
  waves?: WaveRecord[];
}
