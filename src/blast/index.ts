// Blast radius: public API.
export { computeBlastRadius, countingConcurrency, offlineCondition, type BlastClient, type BlastJob, type BlastRadiusOptions, type BlastRadiusReport, type JobBlastRadius, type QueuePosition } from "./blast-radius.ts";
export { describeJobBlastRadius, formatBlastRadius, blastRadiusOutput } from "./format.ts";
export { blastRadiusForPlan, planBlastRadius, planHubOptions, planHubHelp, type PlanBlastRadius } from "./for-plan.ts";
export { blastRadiusDiagnostics, type BlastConnection, type BlastRadiusOutput, type PreviewBlastOptions, type PreviewLog } from "./for-preview.ts";
export { fleetBlastClient } from "./fleet-client.ts";
export { runsNothing, jobsToCount, knownValue, recordedJob, isKnownOutput, type RecordedJob } from "./jobs-to-count.ts";
export { mapBounded } from "./map-bounded.ts";
export { concurrentJobLimit, hubTiers, parseHubTier, isHubTier, type HubTier } from "./tier-limits.ts";
