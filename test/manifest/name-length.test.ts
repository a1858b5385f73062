// metadata.name is capped so that name + "-" + hash stays within IoT Hub's 64-character job ids.
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/manifest/check-source.ts";

const manifest = (name: string) => `apiVersion: hubjobs/v1
kind: TwinUpdateJob
metadata:
  name: ${name}
spec:
  target: { deviceIds: [Device-1] }
  twin: { tags: { floor: "3" } }
`;
const context = { now: new Date("2026-11-26T00:00:00Z"), mode: "validate" as const };

describe("metadata.name length", () => {
  it("accepts 55 characters and yields a job id the service accepts (at most 64)", () => {
    const name = `a${"b".repeat(53)}c`;
    const result = checkSource("jobs/long.yaml", manifest(name), context);
    expect(result.problems).toEqual([]);
    const jobId = result.manifests[0]!.job.jobId;
    expect(jobId.startsWith(`${name}-`)).toBe(true);
    expect(jobId.length).toBeLessThanOrEqual(64);
  });

  it("refuses 56 characters at the name's position", () => {
    const result = checkSource("jobs/long.yaml", manifest(`a${"b".repeat(54)}c`), context);
    expect(result.problems.map((p) => [p.code, p.line, p.column])).toEqual([["E_SCHEMA_PATTERN", 4, 9]]);
    // The message states the limit that applies, so the user knows how far to shorten it.
    expect(result.problems[0]!.message).toContain("at most 55 characters");
  });
});
