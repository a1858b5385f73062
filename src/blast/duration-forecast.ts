// How long a job takes at least: IoT Hub runs a job's device operations (one method call or twin
// update per device) at the tier's rate, so a job over N devices lasts at least N / rate seconds,
// however fast the devices answer. S1 runs 10 a second: 12,408 devices take at least 21 minutes.
// A job still running when its maxExecutionTime ends is stopped, and the devices it has not
// reached by then are never operated on: the forecast says how many that would be.
import { jobDeviceOpsPerSecond, rateScalesWithUnits, type HubTier } from "./tier-limits.ts";

/** The service's maxExecutionTimeInSeconds when a request does not give one (iothub-facts.md). */
export const DEFAULT_MAX_EXECUTION_TIME_SECONDS = 3600;

export interface DurationForecast {
  devices: number;
  tier: HubTier;
  /** The hub's capacity units the rate was computed with. */
  units: number;
  /** False when the caller did not know them and 1 was assumed (matters on S2 and S3 only). */
  unitsKnown: boolean;
  opsPerSecond: number;
  /** The least time the job takes: devices / opsPerSecond. */
  minSeconds: number;
  maxExecutionTimeInSeconds: number;
  /** Devices the job cannot reach before maxExecutionTime stops it; 0 when it fits. */
  unreached: number;
}

export interface ForecastOptions {
  units?: number | undefined;
  maxExecutionTimeInSeconds?: number | undefined;
}

export function forecastJobDuration(devices: number, tier: HubTier, options: ForecastOptions = {}): DurationForecast {
  const units = options.units ?? 1;
  const opsPerSecond = jobDeviceOpsPerSecond(tier, units);
  const maxExecutionTimeInSeconds = options.maxExecutionTimeInSeconds ?? DEFAULT_MAX_EXECUTION_TIME_SECONDS;
  const reachable = Math.floor(opsPerSecond * maxExecutionTimeInSeconds);
  return {
    devices,
    tier,
    units,
    unitsKnown: options.units !== undefined,
    opsPerSecond,
    minSeconds: devices / opsPerSecond,
    maxExecutionTimeInSeconds,
    unreached: Math.max(0, devices - reachable),
  };
}

const numbers = new Intl.NumberFormat("en-US");

/**
 * A duration as a reviewer reads it, rounded up to the unit shown, since it is a least time:
 * 1240.8 s -> "21 min", 45 s -> "45 s", 3660 s -> "1 h 1 min".
 */
export function formatLeastDuration(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.ceil(whole / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${numbers.format(hours)} h` : `${numbers.format(hours)} h ${rest} min`;
}

/** An exact time limit: 3600 -> "1 h", 90 -> "90 s", 5400 -> "90 min". */
function formatLimit(seconds: number): string {
  if (seconds % 3600 === 0) return `${numbers.format(seconds / 3600)} h`;
  if (seconds % 60 === 0) return `${numbers.format(seconds / 60)} min`;
  return `${numbers.format(seconds)} s`;
}

function rateText(f: DurationForecast): string {
  const rate = `${f.tier}'s ${numbers.format(f.opsPerSecond)} device operations/s`;
  if (f.tier === "F1") return `${rate} (S1's rate, assumed)`;
  if (!rateScalesWithUnits(f.tier)) return rate;
  return f.unitsKnown ? `${rate} with ${numbers.format(f.units)} ${f.units === 1 ? "unit" : "units"}` : `${rate} (1 unit assumed)`;
}

/** e.g. "at least 21 min at S1's 10 device operations/s". */
export function formatDurationForecast(f: DurationForecast): string {
  return `at least ${formatLeastDuration(f.minSeconds)} at ${rateText(f)}`;
}

/** The warning when the job cannot end within its maxExecutionTime; undefined when it can. */
export function formatUnreachedWarning(jobName: string, f: DurationForecast): string | undefined {
  if (f.unreached === 0) return undefined;
  return `${jobName}: takes ${formatDurationForecast(f)}, longer than its maxExecutionTime of ${formatLimit(f.maxExecutionTimeInSeconds)}: ` +
    `${numbers.format(f.unreached)} of ${numbers.format(f.devices)} devices would be left unreached`;
}
