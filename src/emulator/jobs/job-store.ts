// The job engine's SQLite tables, in the emulator's shared DatabaseSync. Every write that a client
// is told about happens here before the answer goes out; per-device progress is written in
// batches inside transactions, so a 100,000-device job costs a few hundred commits, not 100,000.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { inTransaction } from "../store/database.ts";
import { ACTIVE_STATUSES, type DeviceJobStatistics, type DeviceJobStatus, type JobDefinition, type JobRecord, type JobStatus, type JobType } from "./job-model.ts";

/** `('queued', 'scheduled', 'running')`: the statuses that hold a job slot, as an SQL list. */
const ACTIVE_IN = `(${ACTIVE_STATUSES.map((s) => `'${s}'`).join(", ")})`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs_v2 (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  hub TEXT NOT NULL,
  job_id TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  start_ms INTEGER,
  end_ms INTEGER,
  failure_reason TEXT,
  status_message TEXT,
  device_count INTEGER NOT NULL DEFAULT 0,
  failed_count INTEGER NOT NULL DEFAULT 0,
  succeeded_count INTEGER NOT NULL DEFAULT 0,
  running_count INTEGER NOT NULL DEFAULT 0,
  pending_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (hub, job_id)
);
CREATE INDEX IF NOT EXISTS jobs_v2_by_status ON jobs_v2 (hub, status);
CREATE INDEX IF NOT EXISTS jobs_v2_by_end ON jobs_v2 (end_ms);
CREATE TABLE IF NOT EXISTS jobs_v2_devices (
  hub TEXT NOT NULL,
  job_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  ord INTEGER NOT NULL,
  job_type TEXT NOT NULL,
  status TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  start_ms INTEGER,
  end_ms INTEGER,
  outcome TEXT,
  error_code TEXT,
  error_description TEXT,
  PRIMARY KEY (hub, job_id, device_id)
) WITHOUT ROWID;
`;

/** One device's new state, as the runner reports it. */
export interface DeviceRowUpdate {
  deviceId: string;
  status: DeviceJobStatus;
  startMs?: number;
  endMs?: number;
  /** The method response `{status, payload}` of a method job. */
  methodResponse?: { status: number; payload: unknown };
  error?: { code: string; description: string };
}

export interface DeviceJobRow {
  deviceId: string;
  jobId: string;
  jobType: JobType;
  status: DeviceJobStatus;
  createdMs: number;
  updatedMs: number;
  startMs: number | undefined;
  endMs: number | undefined;
  methodResponse: { status: number; payload: unknown } | undefined;
  error: { code: string; description: string } | undefined;
}

export interface JobListFilter {
  type?: string;
  status?: JobStatus;
  afterSeq: number;
  limit: number;
}

type Row = Record<string, unknown>;
const num = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

export class JobStore {
  readonly #db: DatabaseSync;
  readonly #stmts = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(SCHEMA);
  }

  /** Runs `fn` in one transaction (nested calls join the outer one, twin writes included). */
  transaction<T>(fn: () => T): T {
    return inTransaction(this.#db, fn);
  }

  insertJob(hub: string, definition: JobDefinition, status: JobStatus, createdMs: number, startMs: number | undefined): JobRecord {
    const result = this.#stmt(
      `INSERT INTO jobs_v2 (hub, job_id, type, status, definition, created_ms, start_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(hub, definition.jobId, definition.type, status, JSON.stringify(definition), createdMs, startMs ?? null);
    const job = this.getJob(hub, definition.jobId);
    if (!job || job.seq !== Number(result.lastInsertRowid)) throw new Error("job insert was not read back");
    return job;
  }

  getJob(hub: string, jobId: string): JobRecord | undefined {
    const row = this.#stmt(`SELECT * FROM jobs_v2 WHERE hub = ? AND job_id = ?`).get(hub, jobId) as Row | undefined;
    return row ? toJobRecord(row) : undefined;
  }

  countActiveJobs(hub: string): number {
    const row = this.#stmt(
      `SELECT COUNT(*) AS n FROM jobs_v2 WHERE hub = ? AND status IN ${ACTIVE_IN}`,
    ).get(hub) as Row;
    return Number(row.n);
  }

  /** Every job not yet finished, across hubs, in creation order (for resume after a restart). */
  activeJobs(): JobRecord[] {
    const rows = this.#stmt(
      `SELECT * FROM jobs_v2 WHERE status IN ${ACTIVE_IN} ORDER BY seq`,
    ).all() as Row[];
    return rows.map(toJobRecord);
  }

  listJobs(hub: string, filter: JobListFilter): JobRecord[] {
    const rows = this.#stmt(
      `SELECT * FROM jobs_v2 WHERE hub = ? AND seq > ? AND (? IS NULL OR type = ?) AND (? IS NULL OR status = ?)
       ORDER BY seq LIMIT ?`,
    ).all(hub, filter.afterSeq, filter.type ?? null, filter.type ?? null, filter.status ?? null, filter.status ?? null, filter.limit) as Row[];
    return rows.map(toJobRecord);
  }

  /** Writes a job's status, times, reason and statistics (the definition never changes). */
  saveJob(job: JobRecord): void {
    const s = job.stats;
    this.#stmt(
      `UPDATE jobs_v2 SET status = ?, start_ms = ?, end_ms = ?, failure_reason = ?, status_message = ?,
         device_count = ?, failed_count = ?, succeeded_count = ?, running_count = ?, pending_count = ?
       WHERE hub = ? AND job_id = ?`,
    ).run(
      job.status, job.startMs ?? null, job.endMs ?? null, job.failureReason ?? null, job.statusMessage ?? null,
      s.deviceCount, s.failedCount, s.succeededCount, s.runningCount, s.pendingCount,
      job.hub, job.definition.jobId,
    );
  }

  /** Creates one `pending` row per targeted device. Call inside a transaction with `saveJob`. */
  insertDeviceRows(job: JobRecord, deviceIds: readonly string[], nowMs: number): void {
    const insert = this.#stmt(
      `INSERT INTO jobs_v2_devices (hub, job_id, device_id, ord, job_type, status, created_ms, updated_ms)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
    );
    const { hub } = job;
    const { jobId, type } = job.definition;
    for (let i = 0; i < deviceIds.length; i++) insert.run(hub, jobId, deviceIds[i]!, i, type, nowMs, nowMs);
  }

  /** Applies device updates and the job's new statistics in one transaction, so the two always agree. */
  commitProgress(job: JobRecord, updates: readonly DeviceRowUpdate[], nowMs: number): void {
    const update = this.#stmt(
      `UPDATE jobs_v2_devices SET status = ?, updated_ms = ?, start_ms = COALESCE(?, start_ms), end_ms = COALESCE(?, end_ms),
         outcome = COALESCE(?, outcome), error_code = COALESCE(?, error_code), error_description = COALESCE(?, error_description)
       WHERE hub = ? AND job_id = ? AND device_id = ?`,
    );
    const { hub } = job;
    const { jobId } = job.definition;
    this.transaction(() => {
      for (const u of updates) {
        update.run(
          u.status, nowMs, u.startMs ?? null, u.endMs ?? null,
          u.methodResponse ? JSON.stringify(u.methodResponse) : null,
          u.error?.code ?? null, u.error?.description ?? null,
          hub, jobId, u.deviceId,
        );
      }
      this.saveJob(job);
    });
  }

  /** Device ids of a job's rows in the given statuses, in target order. */
  deviceIdsWithStatus(job: JobRecord, statuses: readonly DeviceJobStatus[]): string[] {
    const placeholders = statuses.map(() => "?").join(", ");
    const rows = this.#stmt(
      `SELECT device_id FROM jobs_v2_devices WHERE hub = ? AND job_id = ? AND status IN (${placeholders}) ORDER BY ord`,
    ).all(job.hub, job.definition.jobId, ...statuses) as Row[];
    return rows.map((r) => String(r.device_id));
  }

  /**
   * A job that ends early (out of time, or unable to run): every device not done yet, pending or
   * running, fails with `error` and counts as failed; rows and statistics change in one transaction.
   */
  failUnfinishedDevices(job: JobRecord, error: { code: string; description: string }, nowMs: number): void {
    this.transaction(() => {
      this.#stmt(
        `UPDATE jobs_v2_devices SET status = 'failed', updated_ms = ?, end_ms = ?, error_code = ?, error_description = ?
         WHERE hub = ? AND job_id = ? AND status IN ('pending', 'running')`,
      ).run(nowMs, nowMs, error.code, error.description, job.hub, job.definition.jobId);
      const stats = job.stats;
      stats.failedCount += stats.pendingCount + stats.runningCount;
      stats.pendingCount = 0;
      stats.runningCount = 0;
      this.saveJob(job);
    });
  }

  /** After a restart, calls that were in flight never reported back: their devices go back to `pending`. */
  resetRunningRows(job: JobRecord, nowMs: number): number {
    const result = this.#stmt(
      `UPDATE jobs_v2_devices SET status = 'pending', start_ms = NULL, updated_ms = ? WHERE hub = ? AND job_id = ? AND status = 'running'`,
    ).run(nowMs, job.hub, job.definition.jobId);
    return Number(result.changes);
  }

  deviceJobRows(hub: string): DeviceJobRow[] {
    const rows = this.#stmt(`SELECT * FROM jobs_v2_devices WHERE hub = ? ORDER BY job_id, ord`).all(hub) as Row[];
    return rows.map(toDeviceJobRow);
  }

  deviceJobRowsOf(hub: string, jobId: string): DeviceJobRow[] {
    const rows = this.#stmt(`SELECT * FROM jobs_v2_devices WHERE hub = ? AND job_id = ? ORDER BY ord`).all(hub, jobId) as Row[];
    return rows.map(toDeviceJobRow);
  }

  /** Drops finished jobs (and their device rows) that ended before `cutoffMs`. */
  deleteJobsEndedBefore(cutoffMs: number): number {
    const stale = this.#stmt(`SELECT hub, job_id FROM jobs_v2 WHERE end_ms IS NOT NULL AND end_ms < ?`).all(cutoffMs) as Row[];
    if (stale.length === 0) return 0;
    const deleteJob = this.#stmt(`DELETE FROM jobs_v2 WHERE hub = ? AND job_id = ?`);
    const deleteRows = this.#stmt(`DELETE FROM jobs_v2_devices WHERE hub = ? AND job_id = ?`);
    this.transaction(() => {
      for (const r of stale) {
        deleteJob.run(String(r.hub), String(r.job_id));
        deleteRows.run(String(r.hub), String(r.job_id));
      }
    });
    return stale.length;
  }

  deleteHub(hub: string): void {
    this.transaction(() => {
      this.#stmt(`DELETE FROM jobs_v2 WHERE hub = ?`).run(hub);
      this.#stmt(`DELETE FROM jobs_v2_devices WHERE hub = ?`).run(hub);
    });
  }

  #stmt(sql: string): StatementSync {
    let stmt = this.#stmts.get(sql);
    if (!stmt) {
      stmt = this.#db.prepare(sql);
      this.#stmts.set(sql, stmt);
    }
    return stmt;
  }
}

function toJobRecord(row: Row): JobRecord {
  const stats: DeviceJobStatistics = {
    deviceCount: Number(row.device_count),
    failedCount: Number(row.failed_count),
    succeededCount: Number(row.succeeded_count),
    runningCount: Number(row.running_count),
    pendingCount: Number(row.pending_count),
  };
  return {
    hub: String(row.hub),
    seq: Number(row.seq),
    definition: JSON.parse(String(row.definition)) as JobDefinition,
    status: String(row.status) as JobStatus,
    createdMs: Number(row.created_ms),
    startMs: num(row.start_ms),
    endMs: num(row.end_ms),
    failureReason: str(row.failure_reason),
    statusMessage: str(row.status_message),
    stats,
  };
}

function toDeviceJobRow(row: Row): DeviceJobRow {
  const code = str(row.error_code);
  const outcome = str(row.outcome);
  return {
    deviceId: String(row.device_id),
    jobId: String(row.job_id),
    jobType: String(row.job_type) as JobType,
    status: String(row.status) as DeviceJobStatus,
    createdMs: Number(row.created_ms),
    updatedMs: Number(row.updated_ms),
    startMs: num(row.start_ms),
    endMs: num(row.end_ms),
    methodResponse: outcome === undefined ? undefined : (JSON.parse(outcome) as { status: number; payload: unknown }),
    error: code === undefined ? undefined : { code, description: str(row.error_description) ?? "" },
  };
}
