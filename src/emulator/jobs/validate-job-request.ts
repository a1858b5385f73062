// Checks a PUT /jobs/v2/{id} body the way the service does and turns it into a JobDefinition.
// Every refusal is a 400 ArgumentInvalid whose message names the field, as the service's do.
import { parseCondition } from "../../query/index.ts";
import { argumentInvalid } from "./job-errors.ts";
import {
  CONNECT_TIMEOUT_RANGE,
  DEFAULT_MAX_EXECUTION_SECONDS,
  MAX_METHOD_PAYLOAD_BYTES,
  MAX_START_AHEAD_MS,
  RESPONSE_TIMEOUT_RANGE,
} from "./job-limits.ts";
import type { JobDefinition, MethodSpec, TwinSpec } from "./job-model.ts";

type Json = Record<string, unknown>;

/** The service's job id rule (IoT Hub jobs guide): 64 characters or less, ASCII letters, digits and dashes. */
export const MAX_JOB_ID_LENGTH = 64;
const JOB_ID = /^[A-Za-z0-9-]{1,64}$/;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export function validateJobRequest(pathId: string, body: unknown, now: Date): JobDefinition {
  if (pathId.trim() === "") throw argumentInvalid("jobId must not be empty.");
  if (!JOB_ID.test(pathId)) {
    throw argumentInvalid(
      `jobId '${pathId}' is invalid: at most ${MAX_JOB_ID_LENGTH} characters, US-ASCII letters, digits and '-' only.`,
    );
  }
  if (!isObject(body)) throw argumentInvalid("The request body must be a JobRequest JSON object.");
  if (body.jobId !== undefined && body.jobId !== null && body.jobId !== pathId) {
    throw argumentInvalid(`jobId '${String(body.jobId)}' in the body does not match the jobId '${pathId}' in the path.`);
  }
  const type = body.type;
  if (type !== "scheduleUpdateTwin" && type !== "scheduleDeviceMethod") {
    throw argumentInvalid(`type must be 'scheduleUpdateTwin' or 'scheduleDeviceMethod', got ${JSON.stringify(type ?? null)}.`);
  }
  const definition: JobDefinition = {
    jobId: pathId,
    type,
    queryCondition: validateQueryCondition(body.queryCondition),
    maxExecutionTimeInSeconds: validateMaxExecutionTime(body.maxExecutionTimeInSeconds),
  };
  const startTime = validateStartTime(body.startTime, now);
  if (startTime !== undefined) definition.startTime = startTime;
  if (type === "scheduleDeviceMethod") definition.cloudToDeviceMethod = validateMethod(body.cloudToDeviceMethod);
  else definition.updateTwin = validateTwin(body.updateTwin);
  return definition;
}

/**
 * The service takes the WHERE clause alone ("*" = all devices) and refuses a full SELECT.
 * A condition that does not parse is refused here, with its position, rather than accepted and
 * failed later: the manifest validator refuses the same text, and an early 400 is what a client can act on.
 */
function validateQueryCondition(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw argumentInvalid("queryCondition is required.");
  const condition = value.trim();
  if (/^select\b/i.test(condition)) {
    throw argumentInvalid("queryCondition must be the WHERE clause of a query, without SELECT ... FROM ... WHERE.");
  }
  if (condition === "*") return condition;
  const parsed = parseCondition(condition);
  if (!parsed.ok) {
    const e = parsed.error;
    throw argumentInvalid(`queryCondition is not valid: ${e.message} (line ${e.line}, column ${e.column}).`);
  }
  return condition;
}

function validateMaxExecutionTime(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_MAX_EXECUTION_SECONDS;
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw argumentInvalid(`maxExecutionTimeInSeconds must be a positive integer, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function validateStartTime(value: unknown, now: Date): string | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw argumentInvalid(`startTime must be an ISO 8601 date-time, got ${JSON.stringify(value)}.`);
  if (ms - now.getTime() > MAX_START_AHEAD_MS) {
    throw argumentInvalid("startTime must not be more than 168 hours (7 days) in the future.");
  }
  return new Date(ms).toISOString();
}

function validateInteger(name: string, value: unknown, range: { min: number; max: number; default: number }): number {
  if (value === undefined || value === null) return range.default;
  if (typeof value !== "number" || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw argumentInvalid(`${name} must be an integer between ${range.min} and ${range.max}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function validateMethod(value: unknown): MethodSpec {
  if (!isObject(value)) throw argumentInvalid("cloudToDeviceMethod is required for a scheduleDeviceMethod job.");
  if (typeof value.methodName !== "string" || value.methodName.trim() === "") {
    throw argumentInvalid("cloudToDeviceMethod.methodName is required.");
  }
  const payload = value.payload === undefined ? null : value.payload;
  const size = Buffer.byteLength(JSON.stringify(payload), "utf8");
  if (size > MAX_METHOD_PAYLOAD_BYTES) {
    throw argumentInvalid(`cloudToDeviceMethod.payload is ${size} bytes; the limit is ${MAX_METHOD_PAYLOAD_BYTES} bytes (128 KB).`);
  }
  return {
    methodName: value.methodName,
    payload,
    responseTimeoutInSeconds: validateInteger("cloudToDeviceMethod.responseTimeoutInSeconds", value.responseTimeoutInSeconds, RESPONSE_TIMEOUT_RANGE),
    connectTimeoutInSeconds: validateInteger("cloudToDeviceMethod.connectTimeoutInSeconds", value.connectTimeoutInSeconds, CONNECT_TIMEOUT_RANGE),
  };
}

/** Twin limits (sizes, depth, key rules) are the twin store's to enforce, per device, through host.patchTwin. */
function validateTwin(value: unknown): TwinSpec {
  if (!isObject(value)) throw argumentInvalid("updateTwin is required for a scheduleUpdateTwin job.");
  if (value.etag !== "*") throw argumentInvalid("updateTwin.etag must be '*' in a scheduleUpdateTwin job.");
  const twin: TwinSpec = { etag: "*" };
  if (value.tags !== undefined && value.tags !== null) {
    if (!isObject(value.tags)) throw argumentInvalid("updateTwin.tags must be an object.");
    twin.tags = value.tags;
  }
  const properties = value.properties;
  if (properties !== undefined && properties !== null) {
    if (!isObject(properties)) throw argumentInvalid("updateTwin.properties must be an object.");
    // Clients that serialize a whole twin (the Java service SDK) send `"reported": {}` and null fields;
    // the service accepts those. Only an actual reported change is refused.
    const reported = properties.reported;
    if (reported !== undefined && reported !== null && !(isObject(reported) && Object.keys(reported).length === 0)) {
      throw argumentInvalid("updateTwin.properties.reported cannot be updated by a job.");
    }
    if (properties.desired !== undefined && properties.desired !== null) {
      if (!isObject(properties.desired)) throw argumentInvalid("updateTwin.properties.desired must be an object.");
      twin.properties = { desired: properties.desired };
    }
  }
  if (twin.tags === undefined && twin.properties === undefined) {
    throw argumentInvalid("updateTwin must contain tags or properties.desired.");
  }
  return twin;
}
