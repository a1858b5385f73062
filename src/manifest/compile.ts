import { deviceIdsCondition } from "../query/index.ts";
import {
  ALL_DEVICES,
  COMPLETION_TIMEOUT_GRACE_MS,
  DEFAULT_CONNECT_TIMEOUT,
  DEFAULT_MAX_EXECUTION_TIME,
  DEFAULT_MAX_FAILED_PERCENT,
  DEFAULT_RESPONSE_TIMEOUT,
} from "./defaults.ts";
import { parseDuration } from "./duration.ts";
import { jobIdFor, workOf } from "./job-id.ts";
import { compileRollout } from "./rollout.ts";
import type { CompiledJob, CompletionRules, JobRequest, Manifest, Target } from "./types.ts";

/** The jobs v2 queryCondition for a target: a WHERE clause, never `SELECT ...`. */
export function compileTarget(target: Target): string {
  if (target.deviceIds) return deviceIdsCondition(target.deviceIds);
  return target.query.trim() === ALL_DEVICES ? ALL_DEVICES : target.query;
}

const seconds = (duration: string): number => Math.round(parseDuration(duration) / 1000);

/**
 * Manifest -> the exact PUT /jobs/v2/{id} body plus the completion rules, all defaults filled.
 * Expects a manifest that passed the schema and semantic checks (loadManifests does both).
 */
export function compileManifest(manifest: Manifest): CompiledJob {
  const { metadata, spec } = manifest;
  // Built in the order the service documents its fields, so printed bodies read naturally
  // (the job id hashes the canonical form, where order does not matter).
  const body: Omit<JobRequest, "jobId" | "maxExecutionTimeInSeconds"> = {
    type: manifest.kind === "DeviceMethodJob" ? "scheduleDeviceMethod" : "scheduleUpdateTwin",
    queryCondition: compileTarget(spec.target),
  };
  if (manifest.kind === "DeviceMethodJob") {
    const method = spec.method!;
    body.cloudToDeviceMethod = {
      methodName: method.name,
      payload: method.payload ?? null,
      responseTimeoutInSeconds: seconds(method.responseTimeout ?? DEFAULT_RESPONSE_TIMEOUT),
      connectTimeoutInSeconds: seconds(method.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT),
    };
  } else {
    const twin = spec.twin!;
    body.updateTwin = { etag: "*" };
    if (twin.tags !== undefined) body.updateTwin.tags = twin.tags;
    if (twin.desired !== undefined) body.updateTwin.properties = { desired: twin.desired };
  }
  if (spec.schedule?.startTime !== undefined) body.startTime = spec.schedule.startTime;
  const maxExecutionTimeInSeconds = seconds(spec.schedule?.maxExecutionTime ?? DEFAULT_MAX_EXECUTION_TIME);
  const request = { ...body, maxExecutionTimeInSeconds };
  const completion = completionRules(manifest, request.maxExecutionTimeInSeconds);
  const rollout = spec.rollout ? compileRollout(spec.rollout, completion.maxFailedPercent) : undefined;
  // A rollout's waves are part of what the job does: changing them is a new job.
  const jobId = jobIdFor(metadata.name, workOf(request, rollout));
  const job: CompiledJob = {
    jobId,
    name: metadata.name,
    kind: manifest.kind,
    request: { jobId, ...request },
    completion,
    labels: metadata.labels ?? {},
    target: spec.target,
  };
  if (rollout) job.rollout = rollout;
  if (metadata.description !== undefined) job.description = metadata.description;
  return job;
}

function completionRules(manifest: Manifest, maxExecutionTimeInSeconds: number): CompletionRules {
  const completion = manifest.spec.completion ?? {};
  const timeoutMs = completion.timeout !== undefined
    ? parseDuration(completion.timeout)
    : maxExecutionTimeInSeconds * 1000 + COMPLETION_TIMEOUT_GRACE_MS;
  return {
    // A job scheduled for later is not waited for by default: `pulumi up` would block until then.
    wait: completion.wait ?? manifest.spec.schedule?.startTime === undefined,
    timeoutSeconds: Math.ceil(timeoutMs / 1000),
    maxFailedPercent: completion.maxFailedPercent ?? DEFAULT_MAX_FAILED_PERCENT,
  };
}
