// `hubjobs status` judges method jobs as `pulumi up` does: a device whose method answered outside
// 200..299 failed, though the hub counts it as succeeded. Against a scripted hub, so the queries
// sent can be counted; the same against the embedded hub: status-device-errors-emulator.test.ts.
import { describe, expect, it } from "vitest";
import type { DeviceJobRow } from "../../src/iothub/index.ts";
import { runStatus } from "../../src/cli/status/run-status.ts";
import { deviceErrorQuery } from "../../src/jobs/index.ts";
import { captureIo, jobState, noSleep, scriptedHub } from "./status-fakes.ts";

const answered = (jobId: string, deviceId: string, status: number, payload: unknown): DeviceJobRow => ({
  deviceId,
  jobId,
  status: "completed",
  outcome: { deviceMethodResponse: { status, payload } },
});
const offline = (jobId: string, deviceId: string): DeviceJobRow => ({
  deviceId,
  jobId,
  status: "failed",
  error: { code: "DeviceNotOnline", description: "Timed out waiting for device to connect." },
});

interface JsonJob {
  jobId: string;
  outcome: string;
  statistics: { succeededCount: number; failedCount: number };
  deviceErrors?: { count: number; capped: boolean };
  failedDevices?: Array<Record<string, unknown>>;
}

describe("hubjobs status: devices that answered a method with an error", () => {
  // The hub: 4 devices, 3 succeeded (Door-3 among them, though it answered 500), Door-4 offline.
  const doors = () =>
    scriptedHub({ "lock-1a": [jobState("lock-1a", "completed", { succeeded: 3, failed: 1 })] }, [
      answered("lock-1a", "Door-1", 200, { locked: true }),
      answered("lock-1a", "Door-2", 200, { locked: true }),
      answered("lock-1a", "Door-3", 500, { error: "lock jammed" }),
      offline("lock-1a", "Door-4"),
    ]);

  it("counts them as failed in the table and names them as the provider does; exit 1", async () => {
    const io = captureIo();
    expect(await runStatus([], io, { client: doors() })).toBe(1);
    const out = io.out();
    expect(out).toMatch(/^lock-1a\s+method\s+completed\s+4\s+2\s+2\s+0\s+0$/m);
    expect(out).toContain("lock-1a (method, completed): 2 of 4 devices failed (1 of them answered the method with an error status)");
    // The hub's failed rows first, then the devices that answered an error.
    const listed = out.split("\n").filter((l) => l.startsWith("    "));
    expect(listed).toEqual(["    Door-4: DeviceNotOnline (Timed out waiting for device to connect.)", '    Door-3 (method returned 500: {"error":"lock jammed"})']);
    expect(out.trimEnd().split("\n").at(-1)).toBe("1 job: 0 succeeded, 1 failed; 2 failed devices");
  });

  it("--json keeps the hub's statistics and adds the device-error count and the devices", async () => {
    const io = captureIo();
    expect(await runStatus(["--json"], io, { client: doors() })).toBe(1);
    const doc = JSON.parse(io.out()) as { ok: boolean; jobs: JsonJob[] };
    expect(doc.ok).toBe(false);
    expect(doc.jobs[0]).toMatchObject({ outcome: "failed", statistics: { succeededCount: 3, failedCount: 1 }, deviceErrors: { count: 1, capped: false } });
    expect(doc.jobs[0]?.failedDevices).toEqual([
      { deviceId: "Door-4", status: "failed", error: "DeviceNotOnline", description: "Timed out waiting for device to connect." },
      { deviceId: "Door-3", status: "completed", error: "method returned 500", methodStatus: 500, methodPayload: '{"error":"lock jammed"}' },
    ]);
  });

  it("fails a job the hub counts as a full success when a device answered an error", async () => {
    const hub = scriptedHub({ "lock-2b": [jobState("lock-2b", "completed", { succeeded: 2 })] }, [
      answered("lock-2b", "Door-1", 200, null),
      answered("lock-2b", "Door-3", 503, null),
    ]);
    const io = captureIo();
    expect(await runStatus(["lock-2b"], io, { client: hub })).toBe(1);
    expect(io.out()).toContain("lock-2b (method, completed): 1 of 2 devices failed (1 of them answered the method with an error status)");
    expect(io.out()).toContain("    Door-3 (method returned 503)");
    // No failed row on the hub: only the device-error lookup was sent.
    expect(hub.sql).toEqual([deviceErrorQuery("lock-2b")]);
  });

  it("exits 0 for a method job whose devices all answered 2xx, after one lookup", async () => {
    const hub = scriptedHub({ "lock-3c": [jobState("lock-3c", "completed", { succeeded: 2 })] }, [
      answered("lock-3c", "Door-1", 200, null),
      answered("lock-3c", "Door-2", 204, null),
    ]);
    const io = captureIo();
    expect(await runStatus([], io, { client: hub })).toBe(0);
    expect(io.out()).toMatch(/^lock-3c\s+method\s+completed\s+2\s+2\s+0\s+0\s+0$/m);
    expect(hub.sql).toEqual([deviceErrorQuery("lock-3c")]);
  });

  it("leaves twin jobs and unfinished method jobs alone: no lookup, no change", async () => {
    const hub = scriptedHub(
      {
        "tag-4d": [jobState("tag-4d", "completed", { succeeded: 1 }, { type: "scheduleUpdateTwin" })],
        "lock-5e": [jobState("lock-5e", "running", { succeeded: 1, running: 1 })],
      },
      [answered("tag-4d", "Door-3", 500, null), answered("lock-5e", "Door-3", 500, null)],
    );
    const io = captureIo();
    expect(await runStatus(["--json"], io, { client: hub })).toBe(0);
    const jobs = (JSON.parse(io.out()) as { jobs: JsonJob[] }).jobs;
    expect(jobs.map((j) => [j.jobId, j.outcome, j.deviceErrors]).sort()).toEqual([
      ["lock-5e", "unfinished", undefined],
      ["tag-4d", "succeeded", undefined],
    ]);
    expect(hub.sql).toEqual([]);
  });

  it("past the query cap reads 'at least' and fails the job", async () => {
    // 10 pages of 100 are read; the 1,050 devices that answered an error do not fit in them.
    const rows = Array.from({ length: 1050 }, (_, i) => answered("big-6f", `D-${i}`, 500, null));
    const hub = scriptedHub({ "big-6f": [jobState("big-6f", "completed", { succeeded: 2000 })] }, rows);
    const io = captureIo();
    expect(await runStatus(["--max-failed", "2"], io, { client: hub })).toBe(1);
    const out = io.out();
    expect(out).toMatch(/^big-6f\s+method\s+completed\s+2,000\s+<=1,000\s+>=1,000\s+0\s+0$/m);
    expect(out).toContain("big-6f (method, completed): at least 1,000 of 2,000 devices failed (at least 1,000 of them answered the method with an error status; counting stopped at the query cap)");
    expect(out.match(/^ {4}D-\d+ \(method returned 500\)$/gm)).toHaveLength(2);
    expect(out).toContain("    ... and at least 998 more");
    expect(out.trimEnd().split("\n").at(-1)).toBe("1 job: 0 succeeded, 1 failed; at least 1,000 failed devices");
    expect(hub.sql.filter((q) => q === deviceErrorQuery("big-6f"))).toHaveLength(10);
  });

  it("--watch looks an ended job up once, however many polls follow, and shows it on its last line", async () => {
    const hub = scriptedHub(
      {
        "lock-7a": [jobState("lock-7a", "running", { succeeded: 1, running: 1 }), jobState("lock-7a", "completed", { succeeded: 2 })],
        "slow-8b": [
          jobState("slow-8b", "running", { running: 1 }),
          jobState("slow-8b", "running", { running: 1 }),
          jobState("slow-8b", "running", { running: 1 }),
          jobState("slow-8b", "completed", { succeeded: 1 }),
        ],
      },
      [answered("lock-7a", "Door-1", 200, null), answered("lock-7a", "Door-3", 500, { error: "lock jammed" }), answered("slow-8b", "Door-9", 200, null)],
    );
    let polls = 0;
    const io = captureIo({ tty: false });
    expect(await runStatus(["--watch"], io, { client: hub, sleep: async () => void polls++ })).toBe(1);
    expect(polls).toBeGreaterThan(2); // lock-7a ended after the first poll; slow-8b kept the watch going
    expect(hub.sql.filter((q) => q === deviceErrorQuery("lock-7a"))).toHaveLength(1);
    expect(hub.sql.filter((q) => q === deviceErrorQuery("slow-8b"))).toHaveLength(1);
    const lastLine = io.out().split("\n").filter((l) => l.startsWith("lock-7a  ")).at(-1);
    expect(lastLine).toMatch(/completed\s+\[=+x+\]\s+2\/2\s+succeeded 1, failed 1 \(1 answered an error\), running 0, pending 0$/);
    expect(io.out()).toContain('    Door-3 (method returned 500: {"error":"lock jammed"})');
    expect(io.out().trimEnd().split("\n").at(-1)).toBe("2 jobs: 1 succeeded, 1 failed; 1 failed device");
  });

  it("--watch --json reports the device errors in the final document", async () => {
    const hub = scriptedHub({ "lock-9c": [jobState("lock-9c", "running", { running: 1 }), jobState("lock-9c", "completed", { succeeded: 1 })] }, [answered("lock-9c", "Door-3", 500, null)]);
    const io = captureIo();
    expect(await runStatus(["--watch", "--json"], io, { client: hub, sleep: noSleep })).toBe(1);
    const job = (JSON.parse(io.out()) as { jobs: JsonJob[] }).jobs[0];
    expect(job).toMatchObject({ jobId: "lock-9c", outcome: "failed", deviceErrors: { count: 1, capped: false } });
    expect(hub.sql).toEqual([deviceErrorQuery("lock-9c")]);
  });
});
