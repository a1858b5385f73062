import { deviceIdsCondition, parseCondition } from "../query/index.ts";
import { ALL_DEVICES } from "./defaults.ts";
import { isDuration, parseDuration } from "./duration.ts";
import { finding, type Finding } from "./finding.ts";
import { nonJsonFindings, twinShapeFindings } from "./json-checks.ts";
import {
  DURATION_RULES,
  MAX_METHOD_PAYLOAD_BYTES,
  MAX_QUERY_CONDITION_CHARS,
  MAX_START_AHEAD_MS,
  MAX_TWIN_DESIRED_BYTES,
  MAX_TWIN_TAGS_BYTES,
} from "./limits.ts";
import { displayPath } from "./pointer.ts";
import { rolloutFindings } from "./rollout-checks.ts";
import type { LoadMode } from "./types.ts";

// Rules JSON Schema cannot express. Each check looks only at the fields it needs and skips
// them when they have the wrong type (the schema reports that), so a document with schema
// errors still gets every other problem reported in the same run.

export interface SemanticContext {
  now: Date;
  mode: LoadMode;
}

type Loose = Record<string, unknown>;
const asObject = (value: unknown): Loose | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;

export function semanticFindings(data: unknown, context: SemanticContext): Finding[] {
  const out: Finding[] = [];
  const spec = asObject(asObject(data)?.spec);
  if (!spec) return out;
  checkDurations(spec, out);
  checkTarget(asObject(spec.target), out);
  checkMethod(asObject(spec.method), out);
  checkTwin(asObject(spec.twin), out);
  checkStartTime(asObject(spec.schedule), context, out);
  rolloutFindings(spec, out);
  return out;
}

// Where each duration sits under spec, split once rather than for every document.
const DURATION_FIELDS = DURATION_RULES.map((rule) => {
  const [, , section, field] = rule.pointer.split("/") as [string, string, string, string];
  return { rule, section, field, name: displayPath(rule.pointer) };
});

function checkDurations(spec: Loose, out: Finding[]): void {
  for (const { rule, section, field, name } of DURATION_FIELDS) {
    const text = asObject(spec[section])?.[field];
    if (typeof text !== "string" || !isDuration(text)) continue;
    const ms = parseDuration(text);
    if (ms < rule.min) out.push(finding("E_DURATION_RANGE", rule.pointer, `${name}: ${text} is below the minimum ${rule.minText}`));
    else if (ms > rule.max) out.push(finding("E_DURATION_RANGE", rule.pointer, `${name}: ${text} is above the maximum ${rule.maxText}`));
    else if (rule.wholeSeconds && ms % 1000 !== 0) {
      out.push(finding("E_DURATION_PRECISION", rule.pointer, `${name}: ${text} is not a whole number of seconds, which is what IoT Hub takes`));
    }
  }
}

function checkTarget(target: Loose | undefined, out: Finding[]): void {
  if (!target) return;
  const { query, deviceIds } = target;
  if (typeof query === "string") {
    const pointer = "/spec/target/query";
    if (query.length > MAX_QUERY_CONDITION_CHARS) {
      out.push(finding("E_QUERY_TOO_LONG", pointer, `spec.target.query: ${query.length} characters; IoT Hub takes at most ${MAX_QUERY_CONDITION_CHARS}`));
    } else if (query.trim() !== ALL_DEVICES) {
      const parsed = parseCondition(query);
      if (!parsed.ok) {
        // The service takes the WHERE clause alone; a whole statement is a common slip.
        const hint = /^\s*(select|where)\b/i.test(query) ? " (write only the condition, without SELECT ... WHERE)" : "";
        out.push(finding("E_QUERY_SYNTAX", pointer, `spec.target.query: ${parsed.error.message}${hint}`, { valueOffset: parsed.error.offset }));
      }
    }
  }
  if (Array.isArray(deviceIds) && deviceIds.every((id) => typeof id === "string")) {
    const length = deviceIdsCondition(deviceIds).length;
    if (length > MAX_QUERY_CONDITION_CHARS) {
      out.push(finding("E_QUERY_TOO_LONG", "/spec/target/deviceIds",
        `spec.target.deviceIds: ${deviceIds.length} devices compile to a query condition of ${length} characters; IoT Hub takes at most ${MAX_QUERY_CONDITION_CHARS} (split the job or target a query on tags)`));
    }
  }
}

function checkMethod(method: Loose | undefined, out: Finding[]): void {
  if (!method || method.payload === undefined) return;
  const pointer = "/spec/method/payload";
  const before = out.length;
  nonJsonFindings(method.payload, pointer, out);
  if (out.length > before) return;
  const bytes = Buffer.byteLength(JSON.stringify(method.payload));
  if (bytes > MAX_METHOD_PAYLOAD_BYTES) {
    out.push(finding("E_PAYLOAD_TOO_LARGE", pointer, `spec.method.payload: ${bytes} bytes serialized; a direct method payload may be at most ${MAX_METHOD_PAYLOAD_BYTES} (128 KB)`));
  }
}

function checkTwin(twin: Loose | undefined, out: Finding[]): void {
  if (!twin) return;
  for (const [section, limit] of [["tags", MAX_TWIN_TAGS_BYTES], ["desired", MAX_TWIN_DESIRED_BYTES]] as const) {
    const value = asObject(twin[section]);
    if (!value) continue;
    const pointer = `/spec/twin/${section}`;
    const before = out.length;
    twinShapeFindings(value, pointer, out);
    if (out.length > before) continue;
    const bytes = Buffer.byteLength(JSON.stringify(value));
    if (bytes > limit) {
      out.push(finding("E_TWIN_TOO_LARGE", pointer, `spec.twin.${section}: ${bytes} bytes serialized; IoT Hub allows at most ${limit} (${limit / 1024} KB)`));
    }
  }
}

function checkStartTime(schedule: Loose | undefined, context: SemanticContext, out: Finding[]): void {
  const text = schedule?.startTime;
  if (typeof text !== "string") return;
  const start = Date.parse(text);
  if (Number.isNaN(start)) return; // the schema reports it
  const ahead = start - context.now.getTime();
  if (ahead <= MAX_START_AHEAD_MS) return;
  const hours = Math.ceil(ahead / 3_600_000);
  // The service measures from when the job is created: a fine manifest today may be too early
  // to apply, so `validate` only warns and applying refuses.
  out.push(finding("E_START_TIME_TOO_FAR", "/spec/schedule/startTime",
    `spec.schedule.startTime: ${text} is ${hours} hours ahead of ${context.now.toISOString()}; IoT Hub refuses a start more than 168 hours ahead`,
    { severity: context.mode === "apply" ? "error" : "warning" }));
}
