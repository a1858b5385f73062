// Defaults that are not written in the manifest. The method timeouts and the maximum
// execution time are the service's own defaults, written out so the request is explicit.

export const DEFAULT_RESPONSE_TIMEOUT = "30s";
export const DEFAULT_CONNECT_TIMEOUT = "0s";
export const DEFAULT_MAX_EXECUTION_TIME = "1h";
/** Added to maxExecutionTime for the default completion timeout: time for the hub to report the end. */
export const COMPLETION_TIMEOUT_GRACE_MS = 60_000;
export const DEFAULT_MAX_FAILED_PERCENT = 0;
/** Rollout gates: a wave's devices get this long to report what `verify` asks, and none soak by default. */
export const DEFAULT_VERIFY_WITHIN = "1m";
export const DEFAULT_VERIFY_MIN_PERCENT = 100;
export const DEFAULT_SOAK = "0s";
/** The query condition that targets every device. */
export const ALL_DEVICES = "*";
