// Jobs engine benchmark (standalone): a twin update job over 100,000 simulated devices with limits
// off (target: finished in at most 10 s), and the realistic-mode rate for a small fleet.
// The fake host keeps twins as JSON in a SQLite table of the same database, like the platform's store,
// so the figure includes the twin writes. Run: node bench/jobs-engine.bench.ts (BENCH_QUICK=1: smaller).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { systemClock } from "../src/emulator/clock.ts";
import type { RequestContext } from "../src/emulator/http/types.ts";
import { createJobEngine, type JobEngine, type JobHost, type TwinPatch } from "../src/emulator/jobs/index.ts";

const quick = process.env.BENCH_QUICK === "1";
const DEVICES = quick ? 10_000 : 100_000;
const REALISTIC_DEVICES = quick ? 10 : 30;
const REALISTIC_RATE = 10; // S1's job device operations per second

function openDb(dir: string): DatabaseSync {
  const db = new DatabaseSync(join(dir, "hub.db"));
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
  db.exec("CREATE TABLE IF NOT EXISTS bench_twins (device_id TEXT PRIMARY KEY, doc TEXT NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID");
  return db;
}

function makeHost(db: DatabaseSync, deviceCount: number, opsPerSecond: number | undefined): JobHost {
  const insert = db.prepare("INSERT INTO bench_twins (device_id, doc, version) VALUES (?, ?, 1)");
  db.exec("DELETE FROM bench_twins; BEGIN");
  const ids: string[] = [];
  for (let i = 0; i < deviceCount; i++) {
    const id = `device-${i}`;
    ids.push(id);
    insert.run(id, JSON.stringify({ tags: { building: String(i % 50) }, properties: { desired: {} } }));
  }
  db.exec("COMMIT");
  const read = db.prepare("SELECT doc FROM bench_twins WHERE device_id = ?");
  const write = db.prepare("UPDATE bench_twins SET doc = ?, version = version + 1 WHERE device_id = ?");
  return {
    clock: systemClock,
    tierOf: () => "S3",
    matchDeviceIds: () => ids,
    patchTwin(_hub: string, deviceId: string, patch: TwinPatch) {
      const row = read.get(deviceId) as { doc: string } | undefined;
      if (!row) throw new Error(`no twin ${deviceId}`);
      const doc = JSON.parse(row.doc) as { tags: Record<string, unknown>; properties: { desired: Record<string, unknown> } };
      Object.assign(doc.tags, patch.tags ?? {});
      Object.assign(doc.properties.desired, patch.properties?.desired ?? {});
      write.run(JSON.stringify(doc), deviceId);
    },
    invokeMethod: async () => ({ status: 200, payload: null }),
    deviceOpsPerSecond: () => opsPerSecond,
  };
}

async function call(engine: JobEngine, method: "GET" | "PUT", path: string, params: Record<string, string>, body?: unknown) {
  const route = engine.routes.find((r) => r.method === method && r.pattern === "/jobs/v2/{id}")!;
  const ctx: RequestContext = {
    hubName: "bench", method, path, params, query: new URLSearchParams(), headers: {}, body, now: new Date(), trackingId: "bench",
  };
  return (await route.handle(ctx)).body as Record<string, unknown>;
}

async function runTwinJob(engine: JobEngine, jobId: string): Promise<{ ms: number; job: Record<string, unknown> }> {
  const started = performance.now();
  await call(engine, "PUT", `/jobs/v2/${jobId}`, { id: jobId }, {
    type: "scheduleUpdateTwin",
    queryCondition: "*",
    updateTwin: { etag: "*", tags: { Building: "43", Floor: "3" }, properties: { desired: { LocationUpdate: new Date().toISOString() } } },
    maxExecutionTimeInSeconds: 3600,
  });
  for (;;) {
    const job = await call(engine, "GET", `/jobs/v2/${jobId}`, { id: jobId });
    if (job.status !== "queued" && job.status !== "running") return { ms: performance.now() - started, job };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const dir = mkdtempSync(join(tmpdir(), "hubjobs-jobs-bench-"));
try {
  {
    const db = openDb(dir);
    const engine = createJobEngine(makeHost(db, DEVICES, undefined), db);
    const { ms, job } = await runTwinJob(engine, "bench-fast");
    const stats = job.deviceJobStatistics as { succeededCount: number };
    console.log(`jobs-engine: twin update job, ${DEVICES} devices, limits off (file db, WAL, synchronous=FULL): ${(ms / 1000).toFixed(2)} s, status ${String(job.status)}, succeeded ${stats.succeededCount} (target <= 10 s for 100000)`);
    console.log(`jobs-engine: throughput ${Math.round(DEVICES / (ms / 1000))} devices/s; heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
    engine.close();
    db.close();
  }
  {
    const db = openDb(dir);
    const engine = createJobEngine(makeHost(db, REALISTIC_DEVICES, REALISTIC_RATE), db);
    const { ms, job } = await runTwinJob(engine, "bench-realistic");
    const rate = REALISTIC_DEVICES / (ms / 1000);
    console.log(`jobs-engine: realistic mode, ${REALISTIC_DEVICES} devices at ${REALISTIC_RATE} ops/s: ${(ms / 1000).toFixed(2)} s, status ${String(job.status)}, observed ${rate.toFixed(1)} devices/s`);
    engine.close();
    db.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
