import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { isFailureOfThisRun, reportJobOutcome } from "../../src/provider/outcome-report.ts";
import type { JobOutcome } from "../../src/jobs/index.ts";

const bad: JobOutcome = { ok: false, problem: "tooManyFailures", message: "job lock (lock-1) completed with 50% of devices failed" };
const runStartedAt = Date.parse("2026-11-26T05:00:00Z");

describe("isFailureOfThisRun", () => {
  it("fails the run only for a bad outcome applied during it", () => {
    expect(isFailureOfThisRun(bad, "2026-11-26T05:00:01Z", runStartedAt)).toBe(true);
    expect(isFailureOfThisRun(bad, "2026-11-26T04:59:59Z", runStartedAt)).toBe(false); // recorded by an earlier up
    expect(isFailureOfThisRun({ ok: true, message: "fine" }, "2026-11-26T05:00:01Z", runStartedAt)).toBe(false);
    expect(isFailureOfThisRun(undefined, undefined, runStartedAt)).toBe(false); // preview: unknown
  });
});

describe("reportJobOutcome", () => {
  it("reports a failure of this run once, with the job's message, and ignores older ones", async () => {
    const reported: string[] = [];
    const resource = (appliedAt: string) =>
      Object.assign(Object.create(pulumi.Resource.prototype) as pulumi.Resource, { outcome: pulumi.output(bad), appliedAt: pulumi.output(appliedAt) });
    const fail = (message: string) => { reported.push(message); };
    const now = await new Promise((resolve) => reportJobOutcome(resource("2026-11-26T05:00:02Z"), runStartedAt, fail).apply(resolve));
    const old = await new Promise((resolve) => reportJobOutcome(resource("2026-11-25T05:00:00Z"), runStartedAt, fail).apply(resolve));
    expect(now).toBe(bad.message);
    expect(old).toBeUndefined();
    expect(reported).toEqual([bad.message]);
  });
});
