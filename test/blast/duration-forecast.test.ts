// The duration forecast: a job over N devices takes at least N / (the tier's job device-operation
// rate) seconds (iothub-facts.md: 10/s S1, max(10/s, 1/s per unit) S2, 50/s per unit S3; F1 as S1).
import { describe, expect, it } from "vitest";
import {
  blastRadiusDiagnostics,
  blastRadiusOutput,
  computeBlastRadius,
  describeForecastWarnings,
  describeJobBlastRadius,
  forecastJobDuration,
  formatBlastRadius,
  formatDurationForecast,
  formatLeastDuration,
  formatUnreachedWarning,
  jobDeviceOpsPerSecond,
  type BlastClient,
  type BlastJob,
  type JobBlastRadius,
} from "../../src/blast/index.ts";

describe("job device-operation rate by tier", () => {
  it("follows the facts file, units where they count", () => {
    expect(jobDeviceOpsPerSecond("F1")).toBe(10);
    expect(jobDeviceOpsPerSecond("S1")).toBe(10);
    expect(jobDeviceOpsPerSecond("S1", 4)).toBe(10);
    expect(jobDeviceOpsPerSecond("S2", 1)).toBe(10);
    expect(jobDeviceOpsPerSecond("S2", 10)).toBe(10);
    expect(jobDeviceOpsPerSecond("S2", 25)).toBe(25);
    expect(jobDeviceOpsPerSecond("S3")).toBe(50);
    expect(jobDeviceOpsPerSecond("S3", 3)).toBe(150);
  });
});

describe("forecastJobDuration", () => {
  it("S1: 12,408 devices take at least 1240.8 s, shown as 21 min", () => {
    const f = forecastJobDuration(12_408, "S1");
    expect(f).toMatchObject({ opsPerSecond: 10, minSeconds: 1240.8, maxExecutionTimeInSeconds: 3600, unreached: 0 });
    expect(formatDurationForecast(f)).toBe("at least 21 min at S1's 10 device operations/s");
  });

  it("gives exact times per tier and units", () => {
    expect(forecastJobDuration(12_408, "S2", { units: 2 }).minSeconds).toBe(1240.8);
    expect(forecastJobDuration(12_408, "S2", { units: 40 }).minSeconds).toBe(310.2);
    expect(forecastJobDuration(12_408, "S3").minSeconds).toBe(248.16);
    expect(forecastJobDuration(12_408, "S3", { units: 4 }).minSeconds).toBe(62.04);
    expect(forecastJobDuration(12_408, "F1").minSeconds).toBe(1240.8);
  });

  it("says which rate it used: F1 assumed as S1, S2/S3 units known or assumed", () => {
    expect(formatDurationForecast(forecastJobDuration(100, "F1"))).toBe("at least 10 s at F1's 10 device operations/s (S1's rate, assumed)");
    expect(formatDurationForecast(forecastJobDuration(12_408, "S3"))).toBe("at least 5 min at S3's 50 device operations/s (1 unit assumed)");
    expect(formatDurationForecast(forecastJobDuration(12_408, "S3", { units: 4 }))).toBe("at least 2 min at S3's 200 device operations/s with 4 units");
    expect(formatDurationForecast(forecastJobDuration(12_408, "S2", { units: 1 }))).toBe("at least 21 min at S2's 10 device operations/s with 1 unit");
  });

  it("counts the devices a job cannot reach within its maxExecutionTime, with the service's 1 h default", () => {
    const short = forecastJobDuration(12_408, "S1", { maxExecutionTimeInSeconds: 600 });
    expect(short.unreached).toBe(12_408 - 6_000);
    expect(formatUnreachedWarning("lock-doors", short)).toBe(
      "lock-doors: takes at least 21 min at S1's 10 device operations/s, longer than its maxExecutionTime of 10 min: 6,408 of 12,408 devices would be left unreached",
    );
    expect(forecastJobDuration(50_000, "S1").unreached).toBe(14_000);
    // Exactly as many devices as the time allows: all are reached.
    expect(forecastJobDuration(36_000, "S1").unreached).toBe(0);
    expect(formatUnreachedWarning("x", forecastJobDuration(36_000, "S1"))).toBeUndefined();
  });
});

describe("formatLeastDuration", () => {
  it("rounds up to the unit shown, since it is a least time", () => {
    expect(formatLeastDuration(0.1)).toBe("1 s");
    expect(formatLeastDuration(45)).toBe("45 s");
    expect(formatLeastDuration(59.2)).toBe("1 min");
    expect(formatLeastDuration(1240.8)).toBe("21 min");
    expect(formatLeastDuration(3600)).toBe("1 h");
    expect(formatLeastDuration(3601)).toBe("1 h 1 min");
    expect(formatLeastDuration(5400)).toBe("1 h 30 min");
  });
});

describe("the forecast in the blast radius", () => {
  const client = (counts: Record<string, number>, onHub: Array<{ jobId: string; status: string }> = []): BlastClient => ({
    countDevices: async (condition) => counts[condition] ?? 0,
    listJobs: async () => onHub,
  });
  const job = (name: string, queryCondition: string, maxExecutionTimeInSeconds?: number): BlastJob => ({
    name,
    jobId: `${name}-1`,
    request: { type: "scheduleDeviceMethod", queryCondition, ...(maxExecutionTimeInSeconds ? { maxExecutionTimeInSeconds } : {}) },
  });
  const hub = client({ "tags.kind = 'door'": 12_408, "tags.kind = 'none'": 0 }, [{ jobId: "old-1", status: "completed" }]);

  it("forecasts each job that runs with its own maxExecutionTime and the hub's units, none for jobs that run nothing", async () => {
    const report = await computeBlastRadius(hub, [job("doors", "tags.kind = 'door'", 600), job("old", "tags.kind = 'door'"), job("none", "tags.kind = 'none'")], { tier: "S3", units: 2 });
    expect(report.jobs[0]!.forecast).toMatchObject({ tier: "S3", units: 2, unitsKnown: true, opsPerSecond: 100, minSeconds: 124.08, maxExecutionTimeInSeconds: 600, unreached: 0 });
    expect(report.jobs[1]!.forecast).toBeUndefined();
    expect(report.jobs[2]!.forecast).toBeUndefined();
  });

  it("adds the forecast to the preview line, the plan lines and the stack output, and warns of unreached devices", async () => {
    const report = await computeBlastRadius(hub, [job("doors", "tags.kind = 'door'", 600), job("old", "tags.kind = 'door'")], { tier: "S1" });
    const line = "doors: this job touches 12,408 devices (none offline); starts at once (0 of 1 job slots busy); takes at least 21 min at S1's 10 device operations/s";
    expect(describeJobBlastRadius(report.jobs[0]!)).toBe(line);
    expect(describeJobBlastRadius(report.jobs[1]!)).not.toContain("takes");
    expect(formatBlastRadius(report)).toEqual([
      "Blast radius on the hub now: tier S1, 0 active jobs",
      `  ${line}`,
      "  warning: doors: takes at least 21 min at S1's 10 device operations/s, longer than its maxExecutionTime of 10 min: 6,408 of 12,408 devices would be left unreached",
      "  old: this job touches 12,408 devices (none offline); already on the hub (completed): nothing new runs",
    ]);
    expect(blastRadiusOutput(report)).toEqual({
      doors: { jobId: "doors-1", matched: 12_408, offline: 0, queue: "starts at once (0 of 1 job slots busy)", forecast: "at least 21 min at S1's 10 device operations/s", unreached: 6_408 },
      old: { jobId: "old-1", matched: 12_408, offline: 0, queue: "already on the hub (completed): nothing new runs" },
    });
  });

  it("pulumi preview gets the line as info and the unreached devices as a warning", async () => {
    const infos: string[] = [];
    const warnings: string[] = [];
    await blastRadiusDiagnostics(async () => hub, [job("doors", "tags.kind = 'door'", 600)], { tier: "S2", units: 30, log: { info: (m) => infos.push(m), warn: (m) => warnings.push(m) } });
    expect(infos).toEqual(["doors: this job touches 12,408 devices (none offline); starts at once (0 of 5 job slots busy); takes at least 7 min at S2's 30 device operations/s with 30 units"]);
    expect(warnings).toEqual([]);
    await blastRadiusDiagnostics(async () => hub, [job("doors", "tags.kind = 'door'", 600)], { tier: "S2", log: { info: (m) => infos.push(m), warn: (m) => warnings.push(m) } });
    expect(warnings).toEqual(["doors: takes at least 21 min at S2's 10 device operations/s (1 unit assumed), longer than its maxExecutionTime of 10 min: 6,408 of 12,408 devices would be left unreached"]);
  });

  it("a rollout's forecast covers all its waves, and each wave, a hub job of its own, is warned about on its own", () => {
    const rollout: JobBlastRadius = {
      name: "doors",
      jobId: "doors-1",
      type: "scheduleDeviceMethod",
      queryCondition: "tags.kind = 'door'",
      matched: 12_408,
      offline: 0,
      queue: { kind: "starts", busySlots: 0, limit: 1 },
      waves: [
        { name: "canary", matched: 8, offline: 0, atMost: false },
        { name: "everyone", matched: 12_400, offline: 0, atMost: false },
      ],
      forecast: forecastJobDuration(12_408, "S1", { maxExecutionTimeInSeconds: 600 }),
    };
    expect(describeJobBlastRadius(rollout)).toBe(
      "doors: this job touches 12,408 devices (none offline); starts at once (0 of 1 job slots busy); in 2 waves: canary 8 devices (none offline), everyone 12,400 devices (none offline); takes at least 21 min at S1's 10 device operations/s",
    );
    expect(describeForecastWarnings(rollout)).toEqual([
      "doors wave everyone: takes at least 21 min at S1's 10 device operations/s, longer than its maxExecutionTime of 10 min: 6,400 of 12,400 devices would be left unreached",
    ]);
    expect(blastRadiusOutput({ tier: "S1", tierKnown: true, activeJobs: 0, jobs: [rollout] }).doors).toMatchObject({ forecast: "at least 21 min at S1's 10 device operations/s", unreached: 6_400 });
  });
});
