// Restarts: the engine over a file-backed database is closed (or simply abandoned, as after SIGKILL),
// the database reopened, and a new engine resumes from what was committed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/emulator/clock.ts";
import { TIMED_OUT_CODE } from "../../../src/emulator/jobs/job-run.ts";
import { parseQuery } from "../../../src/query/index.ts";
import { fixture, methodJobBody, twinJobBody, type Fixture } from "./engine-fixture.ts";

const dirs: string[] = [];
const open: DatabaseSync[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.isOpen) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openDb(file: string): DatabaseSync {
  const db = new DatabaseSync(file);
  // The platform's settings: WAL, and FULL sync so an acknowledged write survives SIGKILL.
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
  open.push(db);
  return db;
}

function newDbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "hubjobs-jobs-"));
  dirs.push(dir);
  return join(dir, "hub.db");
}

/** A fresh process: a new connection to the same file, a clock at `at`, the same fleet. */
function restart(file: string, at: string, devices: (f: Fixture) => void): Fixture {
  const f = fixture({ db: openDb(file), clock: new ManualClock(at) });
  devices(f);
  f.engine.resume();
  return f;
}

function rows(f: Fixture, jobId: string): Record<string, unknown>[] {
  const q = parseQuery(`SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '${jobId}'`);
  if (!q.ok) throw new Error(q.error.message);
  return f.engine.queryDeviceJobs("hub1", q.value) as Record<string, unknown>[];
}

describe("persistence and resume", () => {
  it("has a created job on disk before the PUT is answered (no close, as after SIGKILL)", async () => {
    const file = newDbFile();
    const first = fixture({ db: openDb(file), devices: 1 });
    await first.call("PUT", "/jobs/v2/j", twinJobBody("*", { startTime: "2026-03-01T05:00:00Z" }));
    const other = fixture({ db: openDb(file) });
    expect(await other.job("j")).toMatchObject({ jobId: "j", status: "scheduled", startTime: "2026-03-01T05:00:00.000Z" });
  });

  it("starts a scheduled job after a restart at its startTime", async () => {
    const file = newDbFile();
    const first = fixture({ db: openDb(file), devices: 2 });
    await first.call("PUT", "/jobs/v2/j", twinJobBody("*", { startTime: "2026-03-01T01:00:00Z" }));
    first.engine.close();
    const second = restart(file, "2026-03-01T00:30:00Z", (f) => { f.host.addDevice("Device-1"); f.host.addDevice("Device-2"); });
    await second.host.clock.advance(30 * 60_000 - 1);
    expect((await second.job("j")).status).toBe("scheduled");
    await second.host.clock.advance(1);
    expect(await second.job("j")).toMatchObject({ status: "completed", deviceJobStatistics: { deviceCount: 2, succeededCount: 2 } });
  });

  it("starts a queued job whose start was due while the emulator was down", async () => {
    const file = newDbFile();
    const first = fixture({ db: openDb(file), devices: 1 });
    await first.call("PUT", "/jobs/v2/j", twinJobBody());
    // Abandoned before its start timer fired.
    const second = restart(file, "2026-03-01T00:00:05Z", (f) => f.host.addDevice("Device-1"));
    await second.host.clock.advance(0);
    expect(await second.job("j")).toMatchObject({ status: "completed", startTime: "2026-03-01T00:00:05.000Z" });
  });

  it("continues a running method job: finished devices are not called again, in-flight ones are", async () => {
    const file = newDbFile();
    const first = fixture({ db: openDb(file) });
    first.host.addDevice("d1", { method: { status: 200, payload: 1, latencyMs: 0 } });
    first.host.addDevice("d2", { method: { status: 200, payload: 2, latencyMs: 5000 } });
    first.host.addDevice("d3", { method: { status: 200, payload: 3, latencyMs: 5000 } });
    await first.call("PUT", "/jobs/v2/m", methodJobBody("*", {}, { responseTimeoutInSeconds: 30 }));
    await first.host.clock.advance(1000);
    expect(await first.job("m")).toMatchObject({ status: "running", deviceJobStatistics: { succeededCount: 1, runningCount: 2 } });
    // Killed: no close(); the new process starts from the file.
    const second = restart(file, "2026-03-01T00:00:10Z", (f) => {
      f.host.addDevice("d1", { method: { status: 200, payload: 1, latencyMs: 0 } });
      f.host.addDevice("d2", { method: { status: 200, payload: 2, latencyMs: 5000 } });
      f.host.addDevice("d3", { method: { status: 200, payload: 3, latencyMs: 5000 } });
    });
    expect(await second.job("m")).toMatchObject({ deviceJobStatistics: { deviceCount: 3, succeededCount: 1, runningCount: 0, pendingCount: 2 } });
    await second.host.clock.advance(0);
    expect(second.host.methodCalls.map((c) => c.deviceId)).toEqual(["d2", "d3"]);
    await second.host.clock.advance(5000);
    expect(await second.job("m")).toMatchObject({ status: "completed", deviceJobStatistics: { deviceCount: 3, succeededCount: 3, runningCount: 0, pendingCount: 0 } });
  });

  it("ends a running job whose maxExecutionTime passed while the emulator was down", async () => {
    const file = newDbFile();
    const first = fixture({ db: openDb(file) });
    first.host.addDevice("d1", { method: { status: 200, payload: 1, latencyMs: 0 } });
    first.host.addDevice("d2", { method: { status: 200, payload: 2, latencyMs: 100_000 } });
    await first.call("PUT", "/jobs/v2/m", methodJobBody("*", { maxExecutionTimeInSeconds: 120 }, { responseTimeoutInSeconds: 300 }));
    await first.host.clock.advance(1000);
    first.engine.close();
    const second = restart(file, "2026-03-01T01:00:00Z", (f) => f.host.addDevice("d2"));
    const job = await second.job("m");
    expect(job).toMatchObject({
      status: "failed",
      endTime: "2026-03-01T00:02:00.000Z",
      deviceJobStatistics: { deviceCount: 2, succeededCount: 1, failedCount: 1, runningCount: 0, pendingCount: 0 },
    });
    expect(second.host.methodCalls).toHaveLength(0);
    expect(rows(second, "m").find((r) => r.deviceId === "d2")).toMatchObject({ status: "failed", error: { code: TIMED_OUT_CODE } });
  });

  it("keeps a resumed job's deadline from its original start", async () => {
    const file = newDbFile();
    const first = fixture({ db: openDb(file), devices: 20, opsPerSecond: 1 });
    await first.call("PUT", "/jobs/v2/t", twinJobBody("*", { maxExecutionTimeInSeconds: 10 }));
    await first.host.clock.advance(2500);
    expect(await first.job("t")).toMatchObject({ deviceJobStatistics: { succeededCount: 3, pendingCount: 17 } });
    first.engine.close();
    const second = fixture({ db: openDb(file), clock: new ManualClock("2026-03-01T00:00:05Z"), devices: 20, opsPerSecond: 1 });
    second.engine.resume();
    await second.host.clock.advance(5000);
    expect(await second.job("t")).toMatchObject({
      status: "failed",
      endTime: "2026-03-01T00:00:10.000Z",
      deviceJobStatistics: { deviceCount: 20, succeededCount: 8, failedCount: 12, pendingCount: 0 },
    });
  });

  it("creates its tables idempotently over an existing database", () => {
    const file = newDbFile();
    fixture({ db: openDb(file) });
    expect(() => fixture({ db: openDb(file) })).not.toThrow();
  });
});
