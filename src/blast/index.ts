// Blast radius: public API.
export { computeBlastRadius, countingConcurrency, offlineCondition, type BlastClient, type BlastJob, type BlastRadiusOptions, type BlastRadiusReport, type JobBlastRadius, type QueuePosition } from "./blast-radius.ts";
export { describeJobBlastRadius, describeForecastWarnings, formatBlastRadius, blastRadiusOutput, type BlastRadiusOutputEntry } from "./format.ts";
export { forecastJobDuration, formatDurationForecast, formatLeastDuration, formatUnreachedWarning, DEFAULT_MAX_EXECUTION_TIME_SECONDS, type DurationForecast, type ForecastOptions } from "./duration-forecast.ts";
export { blastRadiusDiagnostics, type BlastConnection, type BlastRadiusOutput, type PreviewBlastOptions, type PreviewLog } from "./for-preview.ts";
export { fleetBlastClient } from "./fleet-client.ts";
export { runsNothing, jobsToCount, knownValue, recordedJob, isKnownOutput, type RecordedJob } from "./jobs-to-count.ts";
export { mapBounded } from "./map-bounded.ts";
export { concurrentJobLimit, hubTiers, jobDeviceOpsPerSecond, parseHubTier, isHubTier, rateScalesWithUnits, type HubTier } from "./tier-limits.ts";
