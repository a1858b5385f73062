// Limits the real IoT Hub enforces, checked before anything is sent (see iothub-facts.md).
import { MAX_QUERY_LENGTH } from "../query/index.ts";

export const MAX_METHOD_PAYLOAD_BYTES = 128 * 1024;
export const MAX_TWIN_TAGS_BYTES = 8 * 1024;
export const MAX_TWIN_DESIRED_BYTES = 32 * 1024;
export const MAX_TWIN_VALUE_BYTES = 4 * 1024;
export const MAX_TWIN_DEPTH = 10;
export const MAX_TWIN_KEY_BYTES = 1024;
/** A job's queryCondition is held to the service's query-string limit. */
export const MAX_QUERY_CONDITION_CHARS = MAX_QUERY_LENGTH;
export const MAX_START_AHEAD_MS = 168 * 3_600_000;

/**
 * Range of each duration field (in milliseconds, and as the documentation writes it) and
 * whether the service takes it in whole seconds.
 */
export const DURATION_RULES = [
  { pointer: "/spec/method/responseTimeout", min: 5_000, max: 300_000, minText: "5s", maxText: "300s", wholeSeconds: true },
  { pointer: "/spec/method/connectTimeout", min: 0, max: 300_000, minText: "0s", maxText: "300s", wholeSeconds: true },
  { pointer: "/spec/schedule/maxExecutionTime", min: 1_000, max: Number.POSITIVE_INFINITY, minText: "1s", maxText: "", wholeSeconds: true },
  { pointer: "/spec/completion/timeout", min: 1_000, max: Number.POSITIVE_INFINITY, minText: "1s", maxText: "", wholeSeconds: false },
] as const;
