// The manifest as written (after schema validation) and the job it compiles to.
// The shapes mirror schemas/job.schema.json and the IoT Hub jobs v2 API (api-version 2021-04-12).

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type JobKind = "DeviceMethodJob" | "TwinUpdateJob";

export type Target = { deviceIds: string[]; query?: undefined } | { query: string; deviceIds?: undefined };

export interface MethodSpec {
  name: string;
  payload?: JsonValue;
  responseTimeout?: string;
  connectTimeout?: string;
}

export interface TwinSpec {
  tags?: JsonObject;
  desired?: JsonObject;
}

export interface Manifest {
  apiVersion: "hubjobs/v1";
  kind: JobKind;
  metadata: { name: string; description?: string; labels?: Record<string, string> };
  spec: {
    target: Target;
    method?: MethodSpec;
    twin?: TwinSpec;
    schedule?: { startTime?: string; maxExecutionTime?: string };
    completion?: { wait?: boolean; timeout?: string; maxFailedPercent?: number };
    rollout?: RolloutSpec;
  };
}

/** `spec.rollout` as written: waves in order, and the gate between them. */
export interface RolloutSpec {
  waves: Array<{ name: string; deviceIds?: string[]; where?: string; maxDevices?: number }>;
  gate?: { maxFailedPercent?: number; verify?: { query: string; minPercent?: number; within?: string }; soak?: string };
}

/** One wave as the provider runs it: its own condition (ANDed with the target), or a count picked at apply time, or neither (the rest). */
export interface CompiledWave {
  name: string;
  condition?: string;
  maxDevices?: number;
}

/** A rollout with every default filled in. */
export interface CompiledRollout {
  waves: CompiledWave[];
  gate: {
    maxFailedPercent: number;
    verify?: { query: string; minPercent: number; withinSeconds: number };
    soakSeconds: number;
  };
}

/** `cloudToDeviceMethod` of a jobs v2 request. */
export interface CloudToDeviceMethod {
  methodName: string;
  payload: JsonValue;
  responseTimeoutInSeconds: number;
  connectTimeoutInSeconds: number;
}

/** `updateTwin` of a jobs v2 request: a partial twin written with etag "*". */
export interface UpdateTwin {
  etag: "*";
  tags?: JsonObject;
  properties?: { desired: JsonObject };
}

/** The exact body of PUT /jobs/v2/{jobId}. */
export interface JobRequest {
  jobId: string;
  type: "scheduleDeviceMethod" | "scheduleUpdateTwin";
  queryCondition: string;
  cloudToDeviceMethod?: CloudToDeviceMethod;
  updateTwin?: UpdateTwin;
  startTime?: string;
  maxExecutionTimeInSeconds: number;
}

/** How `pulumi up` judges the job; defaults are filled in so no consumer re-derives them. */
export interface CompletionRules {
  wait: boolean;
  timeoutSeconds: number;
  maxFailedPercent: number;
}

export interface CompiledJob {
  /** metadata.name plus a short hash of the request: stable for the same job, new for any change to what it does. */
  jobId: string;
  name: string;
  kind: JobKind;
  request: JobRequest;
  completion: CompletionRules;
  description?: string;
  labels: Record<string, string>;
  /** The target as written, for display (the request holds the compiled queryCondition). */
  target: Target;
  /** Present for a staged rollout: the request is then each wave's template, its condition the whole target. */
  rollout?: CompiledRollout;
}

export interface LoadedManifest {
  file: string;
  documentIndex: number;
  manifest: Manifest;
  job: CompiledJob;
}

export type LoadMode = "validate" | "apply";

export interface LoadOptions {
  /** Base for relative paths and for the file names in problems. Default: process.cwd(). */
  cwd?: string;
  /** The clock for the startTime horizon. Default: new Date(). */
  now?: Date;
  /** "apply" makes a startTime beyond 168 h an error; "validate" (default) only warns. */
  mode?: LoadMode;
}
