import { describe, expect, it } from "vitest";
import { requiredJobId } from "../../../src/emulator/jobs/device-jobs-query.ts";
import { parseCondition, parseQuery } from "../../../src/query/index.ts";
import { fixture, methodJobBody, twinJobBody } from "./engine-fixture.ts";

function condition(text: string) {
  const parsed = parseCondition(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

function query(text: string) {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe("requiredJobId", () => {
  it.each([
    ["devices.jobs.jobId = 'a'", "a"],
    ["jobId = 'a'", "a"],
    ["'a' = devices.jobs.JobId", "a"],
    ["status = 'failed' AND devices.jobs.jobId = 'a'", "a"],
    ["devices.jobs.jobId = 'a' OR devices.jobs.jobId = 'b'", undefined],
    ["devices.jobs.jobId != 'a'", undefined],
    ["devices.jobs.jobId = 3", undefined],
    ["NOT (devices.jobs.jobId = 'a')", undefined],
    ["deviceId = 'a'", undefined],
  ])("%s -> %s", (text, expected) => {
    expect(requiredJobId(condition(text))).toBe(expected);
  });
});

describe("queryDeviceJobs", () => {
  async function twoJobs() {
    const f = fixture({ devices: 3, tier: "S3" });
    await f.call("PUT", "/jobs/v2/twin", twinJobBody("deviceId IN ['Device-1', 'Device-2']"));
    await f.call("PUT", "/jobs/v2/method", methodJobBody("*"));
    await f.host.clock.advance(0);
    return f;
  }

  it("returns rows of one job, of several, or of all jobs, with the same answer with or without push-down", async () => {
    const f = await twoJobs();
    const ids = (text: string) => (f.engine.queryDeviceJobs("hub1", query(text)) as { jobId: string; deviceId: string }[]).map((r) => `${r.jobId}/${r.deviceId}`);
    expect(ids("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'twin'")).toEqual(["twin/Device-1", "twin/Device-2"]);
    expect(ids("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'twin' OR devices.jobs.jobId = 'method'").sort()).toEqual(
      ["method/Device-1", "method/Device-2", "method/Device-3", "twin/Device-1", "twin/Device-2"],
    );
    expect(ids("SELECT * FROM devices.jobs")).toHaveLength(5);
    expect(ids("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'twin' AND devices.jobs.deviceId = 'Device-2'")).toEqual(["twin/Device-2"]);
    expect(ids("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'nope'")).toEqual([]);
  });

  it("serves the query shapes of the shared engine (COUNT, projection)", async () => {
    const f = await twoJobs();
    expect(f.engine.queryDeviceJobs("hub1", query("SELECT COUNT() AS n FROM devices.jobs WHERE devices.jobs.jobType = 'scheduleDeviceMethod'"))).toEqual([{ n: 3 }]);
    const projected = f.engine.queryDeviceJobs("hub1", query("SELECT deviceId, status FROM devices.jobs WHERE devices.jobs.jobId = 'twin'"));
    expect(projected).toEqual([{ deviceId: "Device-1", status: "completed" }, { deviceId: "Device-2", status: "completed" }]);
  });
});
