import { describe, expect, it } from "vitest";
import { compileQuery, parseQuery, runQuery } from "../../src/query/index.ts";

function run(text: string, rows: unknown[]): unknown[] {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return runQuery(result.value, rows);
}

function twin(deviceId: string, building: string | undefined, fw: number | undefined, status = "enabled") {
  return {
    deviceId,
    status,
    tags: building === undefined ? {} : { building },
    properties: { desired: {}, reported: fw === undefined ? {} : { fw } },
  };
}

const fleet = [
  twin("d1", "43", 1),
  twin("d2", "43", 2),
  twin("d3", "44", 1, "disabled"),
  twin("d4", undefined, 1),
  twin("d5", "43", undefined),
];

describe("runQuery", () => {
  it("SELECT * returns the matching rows themselves, in order", () => {
    const result = run("SELECT * FROM devices WHERE tags.building = '43'", fleet);
    expect(result).toEqual([fleet[0], fleet[1], fleet[4]]);
    expect(result[0]).toBe(fleet[0]);
  });

  it("SELECT * without WHERE returns every row", () => {
    expect(run("SELECT * FROM devices", fleet)).toHaveLength(fleet.length);
  });

  it("projects paths under their names and leaves missing values out", () => {
    expect(run("SELECT deviceId, properties.reported.fw AS firmware FROM devices WHERE status = 'enabled'", fleet)).toEqual([
      { deviceId: "d1", firmware: 1 },
      { deviceId: "d2", firmware: 2 },
      { deviceId: "d4", firmware: 1 },
      { deviceId: "d5" },
    ]);
  });

  it("projects whole objects", () => {
    expect(run("SELECT tags FROM devices WHERE deviceId = 'd1'", fleet)).toEqual([{ tags: { building: "43" } }]);
  });

  it("counts matching rows", () => {
    expect(run("SELECT COUNT() AS numberOfDevices FROM devices WHERE properties.reported.fw < 2", fleet)).toEqual([{ numberOfDevices: 3 }]);
    expect(run("SELECT COUNT() AS n FROM devices", fleet)).toEqual([{ n: 5 }]);
  });

  it("counts zero when nothing matches", () => {
    expect(run("SELECT COUNT() AS n FROM devices WHERE deviceId = 'none'", fleet)).toEqual([{ n: 0 }]);
    expect(run("SELECT COUNT() AS n FROM devices", [])).toEqual([{ n: 0 }]);
  });

  it("groups by a path, in first-seen order, with rows lacking the path in their own group", () => {
    expect(run("SELECT tags.building AS building, COUNT() AS n FROM devices GROUP BY tags.building", fleet)).toEqual([
      { building: "43", n: 3 },
      { building: "44", n: 1 },
      { n: 1 },
    ]);
  });

  it("groups by several paths and applies WHERE first", () => {
    expect(run("SELECT status, tags.building, COUNT() AS n FROM devices WHERE IS_DEFINED(properties.reported.fw) GROUP BY status, tags.building", fleet)).toEqual([
      { status: "enabled", building: "43", n: 2 },
      { status: "disabled", building: "44", n: 1 },
      { status: "enabled", n: 1 },
    ]);
  });

  it("keeps null and missing apart, and distinguishes '1' from 1 when grouping", () => {
    const rows = [{ tags: { v: null } }, { tags: {} }, { tags: { v: 1 } }, { tags: { v: "1" } }, { tags: { v: 1 } }];
    expect(run("SELECT tags.v, COUNT() AS n FROM devices GROUP BY tags.v", rows)).toEqual([{ v: null, n: 1 }, { n: 1 }, { v: 1, n: 2 }, { v: "1", n: 1 }]);
  });

  it("groups without COUNT as a distinct list", () => {
    expect(run("SELECT status FROM devices GROUP BY status", fleet)).toEqual([{ status: "enabled" }, { status: "disabled" }]);
  });

  it("selects per-device job rows by job id", () => {
    const rows = [
      { deviceId: "d1", jobId: "j1", status: "completed" },
      { deviceId: "d2", jobId: "j1", status: "failed" },
      { deviceId: "d1", jobId: "j2", status: "running" },
    ];
    expect(run("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'j1'", rows)).toEqual([rows[0], rows[1]]);
    expect(run("SELECT devices.jobs.status AS s, COUNT() AS n FROM devices.jobs GROUP BY devices.jobs.status", rows)).toEqual([
      { s: "completed", n: 1 }, { s: "failed", n: 1 }, { s: "running", n: 1 },
    ]);
  });

  it("accepts any iterable and can be compiled once for many runs", () => {
    const result = parseQuery("SELECT deviceId FROM devices WHERE tags.building = '44'");
    if (!result.ok) throw new Error(result.error.message);
    const runner = compileQuery(result.value);
    function* rows() { yield* fleet; }
    expect(runner(rows())).toEqual([{ deviceId: "d3" }]);
    expect(runner(new Set(fleet))).toEqual([{ deviceId: "d3" }]);
    expect(runner([])).toEqual([]);
  });
});
