import { describeRule, manifestRule } from "../jobs/index.ts";
import { formatDuration, type CompiledJob, type LoadedManifest } from "../manifest/index.ts";
import type { CompiledRollout } from "../manifest/types.ts";

// What `hubjobs plan` shows: what each job will do, as the hub will be asked to do it.

const MAX_JSON_SHOWN = 200;

function json(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > MAX_JSON_SHOWN ? `${text.slice(0, MAX_JSON_SHOWN - 3)}...` : text;
}

const seconds = (s: number) => formatDuration(s * 1000);

function actionLine(job: CompiledJob): string {
  const { cloudToDeviceMethod: method, updateTwin: twin } = job.request;
  if (method) {
    return `${method.methodName}(${json(method.payload)}), response timeout ${seconds(method.responseTimeoutInSeconds)}, connect timeout ${seconds(method.connectTimeoutInSeconds)}`;
  }
  const parts: string[] = [];
  if (twin?.tags) parts.push(`tags ${json(twin.tags)}`);
  if (twin?.properties) parts.push(`desired ${json(twin.properties.desired)}`);
  return `${parts.join("; ")} (etag *)`;
}

/** `3 waves: canary (3 devices picked when it starts), early (tags.ring = 'early'), everyone (the rest)`. */
function rolloutLine(rollout: CompiledRollout): string {
  const waves = rollout.waves.map((w) => `${w.name} (${w.condition ?? (w.maxDevices !== undefined ? `${w.maxDevices} ${w.maxDevices === 1 ? "device" : "devices"} picked when it starts` : "the rest")})`);
  return `${waves.length} ${waves.length === 1 ? "wave" : "waves"} in order, each its own job: ${waves.join(", ")}`;
}

function gateLine(gate: CompiledRollout["gate"]): string {
  const parts = [`stop ${gate.maxFailedPercent === 0 ? "if any device of a wave fails" : `if more than ${gate.maxFailedPercent}% of a wave's devices fail`}`];
  if (gate.verify) parts.push(`then at least ${gate.verify.minPercent}% must match ${gate.verify.query} within ${seconds(gate.verify.withinSeconds)}`);
  if (gate.soakSeconds > 0) parts.push(`then soak ${seconds(gate.soakSeconds)}`);
  return parts.join("; ");
}

export function renderPlanEntry({ file, job }: LoadedManifest): string {
  const { request, completion } = job;
  const start = request.startTime ? `starts ${request.startTime}` : "starts when applied";
  const rows: [string, string][] = [
    ["kind", job.kind],
    ["job id", job.jobId],
    ["target", request.queryCondition === "*" ? "* (all devices)" : request.queryCondition],
    [job.kind === "DeviceMethodJob" ? "method" : "twin", actionLine(job)],
    ["schedule", `${start}, runs at most ${seconds(request.maxExecutionTimeInSeconds)}`],
    ["completion", `${completion.wait ? `wait up to ${seconds(completion.timeoutSeconds)}` : "do not wait"}; ${describeRule(manifestRule(completion.maxFailedPercent))}`],
  ];
  if (job.rollout) rows.push(["rollout", rolloutLine(job.rollout)], ["gate", gateLine(job.rollout.gate)]);
  if (job.description) rows.push(["description", job.description]);
  const labels = Object.entries(job.labels);
  if (labels.length > 0) rows.push(["labels", labels.map(([k, v]) => `${k}=${v}`).join(", ")]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return [`${job.name}  (${file})`, ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)].join("\n");
}

/** The machine-readable plan entry (`plan --json`). */
export function planEntryJson({ file, documentIndex, job }: LoadedManifest) {
  return {
    name: job.name,
    kind: job.kind,
    jobId: job.jobId,
    file,
    documentIndex,
    description: job.description ?? null,
    labels: job.labels,
    target: job.target,
    request: job.request,
    completion: job.completion,
    ...(job.rollout ? { rollout: job.rollout } : {}),
  };
}
