// A scripted hub for `hubjobs status` unit tests: each job has a timeline of states, and every
// getJob moves that job one step along it (the last state repeats), as a real job advances between
// polls. listJobs shows the current state of every job. Device rows answer the two queries status
// sends: the hub's failed rows (`status = 'failed'`) and, page by page, the completed rows whose
// method answered outside 200..299.
import type { DeviceJobRow, JobResponse } from "../../src/iothub/index.ts";
import type { SnapshotClient } from "../../src/cli/status/job-snapshot.ts";
import type { CommandIo } from "../../src/cli/io.ts";

export function jobState(jobId: string, status: string, counts: { succeeded?: number; failed?: number; running?: number; pending?: number } = {}, extra: Partial<JobResponse> = {}): JobResponse {
  const s = { succeeded: 0, failed: 0, running: 0, pending: 0, ...counts };
  return {
    jobId,
    type: "scheduleDeviceMethod",
    status: status as JobResponse["status"],
    createdTime: extra.createdTime ?? `2026-11-26T00:00:0${jobId.length % 10}Z`,
    deviceJobStatistics: { deviceCount: s.succeeded + s.failed + s.running + s.pending, succeededCount: s.succeeded, failedCount: s.failed, runningCount: s.running, pendingCount: s.pending },
    ...extra,
  };
}

export interface ScriptedHub extends SnapshotClient {
  sql: string[];
}

export function scriptedHub(timelines: Record<string, JobResponse[]>, deviceRows: DeviceJobRow[] = []): ScriptedHub {
  const position = new Map<string, number>(Object.keys(timelines).map((id) => [id, 0]));
  const current = (id: string): JobResponse => timelines[id]![Math.min(position.get(id)!, timelines[id]!.length - 1)]!;
  const sql: string[] = [];
  return {
    sql,
    async listJobs() {
      return Object.keys(timelines).map(current);
    },
    async getJob(id) {
      if (!(id in timelines)) return undefined;
      position.set(id, position.get(id)! + 1);
      return current(id);
    },
    async queryDevices<T>(query: string, options: { limit?: number } = {}) {
      sql.push(query);
      const jobId = /devices\.jobs\.jobId = '([^']*)'/.exec(query)?.[1];
      const rows = deviceRows.filter((r) => r.jobId === jobId && r.status === "failed");
      return rows.slice(0, options.limit ?? rows.length) as T[];
    },
    async queryDevicesPage<T>(query: string, options: { pageSize?: number; continuation?: string } = {}) {
      sql.push(query);
      const jobId = /devices\.jobs\.jobId = '([^']*)'/.exec(query)?.[1];
      const rows = deviceRows.filter((r) => r.jobId === jobId && r.status === "completed" && answeredError(r));
      const start = Number(options.continuation ?? 0);
      const end = start + (options.pageSize ?? 100);
      return { items: rows.slice(start, end) as T[], ...(end < rows.length ? { continuation: String(end) } : {}) };
    },
  };
}

function answeredError(row: DeviceJobRow): boolean {
  const status = row.outcome?.deviceMethodResponse?.status;
  return status !== undefined && (status < 200 || status > 299);
}

export interface CapturedIo extends CommandIo {
  out(): string;
  err(): string;
}

export function captureIo(options: { tty?: boolean; env?: Record<string, string> } = {}): CapturedIo {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s: string) => (out += s), isTTY: options.tty ?? false, columns: 160 },
    stderr: { write: (s: string) => (err += s) },
    env: options.env ?? {},
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

export const noSleep = async (): Promise<void> => {};
