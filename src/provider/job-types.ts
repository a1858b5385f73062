// What the job provider sees: plain inputs (after Pulumi resolved them) and the outputs it records.
// Outputs repeat the inputs, because the engine hands delete/read/diff only the recorded outputs.
import type { DeviceJobStatistics, JobRequest } from "../iothub/types.ts";

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
  /** Deterministic job id: name + hash of the request. */
  jobId: string;
  /** `DeviceMethodJob` | `TwinUpdateJob`. */
  kind: string;
  /** The exact jobs v2 request body. */
  request: JobRequest;
  description?: string;
  labels?: Record<string, string>;
  completion: CompletionInputs;
  hub: HubAccessInputs;
  /** How long submission may keep retrying throttling and faults; default 1800. */
  submitDeadlineSeconds?: number;
}

export interface FailedDevice {
  deviceId: string;
  status: string;
  errorCode?: string;
  errorDescription?: string;
}

export type OutcomeProblem = "failed" | "cancelled" | "timedOut" | "tooManyFailures";

export interface JobOutcome {
  ok: boolean;
  problem?: OutcomeProblem;
  /** One line naming the job, its counts and the first failed devices. */
  message: string;
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
  failedDevices: FailedDevice[];
  /** The job's createdTime on the hub. */
  submittedAt?: string;
  endTime?: string;
  failureReason?: string;
  /** When this provider submitted or adopted the job; the program reports failures only for jobs applied during its own run. */
  appliedAt: string;
  /** True when create found the job already on the hub (lost response, lost state) instead of submitting it. */
  adopted: boolean;
  outcome: JobOutcome;
}
