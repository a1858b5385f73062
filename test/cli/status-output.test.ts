// `hubjobs status` against a scripted hub: table, summary, JSON, exit codes, and how --watch draws
// on a terminal and in a log. The same command against the embedded hub: status-emulator.test.ts.
import { describe, expect, it } from "vitest";
import { runStatus } from "../../src/cli/status/run-status.ts";
import { loadManifests } from "../../src/manifest/index.ts";
import { deviceErrorQuery } from "../../src/jobs/index.ts";
import { captureIo, jobState, noSleep, scriptedHub } from "./status-fakes.ts";

const failedRow = (jobId: string, deviceId: string, code: string, description: string) => ({
  deviceId,
  jobId,
  status: "failed",
  error: { code, description },
});

describe("hubjobs status (one look)", () => {
  it("prints a table and exits 0 when every job completed without failed devices", async () => {
    const hub = scriptedHub({
      "lock-doors-1a": [jobState("lock-doors-1a", "completed", { succeeded: 3 })],
      "tag-b43-2b": [jobState("tag-b43-2b", "completed", { succeeded: 12408 }, { type: "scheduleUpdateTwin" })],
    });
    const io = captureIo();
    expect(await runStatus([], io, { client: hub })).toBe(0);
    const lines = io.out().split("\n");
    expect(lines[0]).toMatch(/^JOB\s+TYPE\s+STATUS\s+DEVICES\s+SUCCEEDED\s+FAILED\s+RUNNING\s+PENDING$/);
    expect(io.out()).toMatch(/tag-b43-2b\s+twin\s+completed\s+12,408\s+12,408\s+0\s+0\s+0/);
    expect(io.out()).toContain("2 jobs: 2 succeeded, 0 failed; 0 failed devices");
    // Nothing failed on the hub, so its failed rows are not asked for; the ended method job is looked
    // up once for devices that answered an error, the twin job never (twin jobs have no answers).
    expect(hub.sql).toEqual([deviceErrorQuery("lock-doors-1a")]);
  });

  it("exits 1 and lists failed devices with their errors when a completed job has failures", async () => {
    const hub = scriptedHub(
      { "lock-doors-1a": [jobState("lock-doors-1a", "completed", { succeeded: 2, failed: 2 })] },
      [failedRow("lock-doors-1a", "Device-7", "DeviceNotOnline", "Device is not online"), failedRow("lock-doors-1a", "Device-9", "GatewayTimeout", "Timed out")],
    );
    const io = captureIo();
    expect(await runStatus([], io, { client: hub })).toBe(1);
    expect(io.out()).toContain("lock-doors-1a (method, completed): 2 of 4 devices failed");
    expect(io.out()).toContain("    Device-7: DeviceNotOnline (Device is not online)");
    expect(io.out()).toContain("    Device-9: GatewayTimeout (Timed out)");
    expect(hub.sql).toContain("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'lock-doors-1a' AND devices.jobs.status = 'failed'");
  });

  it("exits 1 for a failed job even with no failed device, showing the reason", async () => {
    const hub = scriptedHub({ "bad-query-3c": [jobState("bad-query-3c", "failed", {}, { failureReason: "Invalid query condition" })] });
    const io = captureIo();
    expect(await runStatus([], io, { client: hub })).toBe(1);
    expect(io.out()).toContain("bad-query-3c (method, failed): the job failed: Invalid query condition");
  });

  it("caps the failed devices listed and says how many more there are", async () => {
    const rows = Array.from({ length: 5 }, (_, i) => failedRow("j-1", `D-${i}`, "DeviceNotOnline", "offline"));
    const hub = scriptedHub({ "j-1": [jobState("j-1", "completed", { failed: 5 })] }, rows);
    const io = captureIo();
    await runStatus(["--max-failed", "2"], io, { client: hub });
    expect(io.out().match(/^ {4}D-\d/gm)).toHaveLength(2);
    expect(io.out()).toContain("... and 3 more");
  });

  it("does not count a cancelled or unfinished job as a failure", async () => {
    const hub = scriptedHub({
      "old-1": [jobState("old-1", "cancelled", { pending: 3 })],
      "now-2": [jobState("now-2", "running", { succeeded: 1, running: 2 })],
    });
    const io = captureIo();
    expect(await runStatus([], io, { client: hub })).toBe(0);
    expect(io.out()).toContain("2 jobs: 0 succeeded, 0 failed, 1 cancelled, 1 unfinished");
  });

  it("fails a cancelled job that a manifest describes: `pulumi up` judges it by that manifest's rule", async () => {
    const { manifests } = await loadManifests(["jobs/lock-doors-device-1.yaml"]);
    const { jobId, request } = manifests[0]!.job;
    // The hub echoes the request: that is how a job is known to do the manifest's work.
    const hub = scriptedHub({ [jobId]: [jobState(jobId, "cancelled", { pending: 1 }, request)], "old-1": [jobState("old-1", "cancelled", { pending: 3 })] });
    const io = captureIo();
    expect(await runStatus(["--jobs", "jobs/lock-doors-device-1.yaml"], io, { client: hub })).toBe(1);
    expect(io.out()).toContain(`${jobId} (method, cancelled): the job was cancelled`);
    expect(io.out()).toContain(`rule for ${jobId}: fail if any device fails, or if cancelled (manifest lock-doors-device-1, jobs/lock-doors-device-1.yaml)`);
    expect(io.out()).toContain("rule for old-1: fail if any device fails (no manifest)");
    expect(io.out()).toContain("2 jobs: 0 succeeded, 1 failed, 1 cancelled");
  });

  it("selects jobs by manifest name (every revision) or by exact id", async () => {
    const hub = scriptedHub({
      "lock-doors-1a": [jobState("lock-doors-1a", "completed", { succeeded: 1 })],
      "lock-doors-2b": [jobState("lock-doors-2b", "completed", { succeeded: 1 })],
      "lock-doors-extra-3c": [jobState("lock-doors-extra-3c", "completed", { failed: 1 })],
    });
    const byName = captureIo();
    expect(await runStatus(["lock-doors", "--json"], byName, { client: hub })).toBe(0);
    const ids = (JSON.parse(byName.out()) as { jobs: Array<{ jobId: string }> }).jobs.map((j) => j.jobId).sort();
    // "lock-doors-extra-3c" belongs to the manifest "lock-doors-extra", not to "lock-doors".
    expect(ids).toEqual(["lock-doors-1a", "lock-doors-2b"]);
    expect(await runStatus(["lock-doors-extra"], captureIo(), { client: hub })).toBe(1);
    const byId = captureIo();
    expect(await runStatus(["lock-doors-2b", "--json"], byId, { client: hub })).toBe(0);
    expect((JSON.parse(byId.out()) as { jobs: unknown[] }).jobs).toHaveLength(1);
  });

  it("exits 1 and says so when a named job does not exist", async () => {
    const hub = scriptedHub({ "a-1": [jobState("a-1", "completed", { succeeded: 1 })] });
    const io = captureIo();
    expect(await runStatus(["nope"], io, { client: hub })).toBe(1);
    expect(io.err()).toContain("E_JOB_NOT_FOUND: no job on the hub matches 'nope'");
  });

  it("--json prints one document with ok, statistics and failed devices", async () => {
    const hub = scriptedHub({ "j-1": [jobState("j-1", "completed", { succeeded: 1, failed: 1 })] }, [failedRow("j-1", "D-1", "DeviceNotOnline", "offline")]);
    const io = captureIo();
    expect(await runStatus(["--json"], io, { client: hub })).toBe(1);
    const doc = JSON.parse(io.out()) as { ok: boolean; jobs: Array<Record<string, unknown>> };
    expect(doc.ok).toBe(false);
    expect(doc.jobs[0]).toMatchObject({ jobId: "j-1", outcome: "failed", statistics: { failedCount: 1, succeededCount: 1 }, failedDevices: [{ deviceId: "D-1", error: "DeviceNotOnline" }] });
  });

  it("exits 2 on usage errors", async () => {
    for (const argv of [["--bogus"], ["--interval", "soon"], ["--max-failed", "-1"], ["--auth", "entra"]]) {
      const io = captureIo();
      expect(await runStatus(argv, io, { client: scriptedHub({}) }), argv.join(" ")).toBe(2);
      expect(io.err()).toContain("E_USAGE");
    }
  });

  it("--interval takes a duration in ms, s or m above zero, and waits that long between polls", async () => {
    const hub = () => scriptedHub({ "ok-1": [jobState("ok-1", "running", { running: 1 }), jobState("ok-1", "completed", { succeeded: 1 })] });
    for (const [text, ms] of [[" 1.5s ", 1500], ["0.5m", 30_000], ["250ms", 250]] as const) {
      const waits: number[] = [];
      expect(await runStatus(["--watch", "--interval", text], captureIo(), { client: hub(), sleep: async (w) => void waits.push(w) }), text).toBe(0);
      expect(waits, text).toEqual([ms]);
    }
    for (const text of ["1h", "0s", "0ms", "2", "-1s", "1e3ms", "2 s"]) {
      const io = captureIo();
      expect(await runStatus([`--interval=${text}`], io, { client: hub() }), text).toBe(2);
      expect(io.err()).toContain(`E_USAGE: --interval must be a duration like 500ms, 2s or 1m, not '${text}'`);
    }
  });

  it("--help prints usage and exits 0", async () => {
    const io = captureIo();
    expect(await runStatus(["--help"], io)).toBe(0);
    expect(io.out()).toContain("Usage: hubjobs status");
  });
});

describe("hubjobs status --watch", () => {
  const timelines = () => ({
    "rollout-1a": [
      jobState("rollout-1a", "queued", { pending: 4 }),
      jobState("rollout-1a", "running", { succeeded: 1, running: 1, pending: 2 }),
      jobState("rollout-1a", "running", { succeeded: 2, failed: 1, running: 1 }),
      jobState("rollout-1a", "completed", { succeeded: 3, failed: 1 }),
    ],
    "done-2b": [jobState("done-2b", "completed", { succeeded: 1 })],
  });
  const rows = [failedRow("rollout-1a", "Device-4", "DeviceNotOnline", "Device is not online")];

  it("in a log (not a terminal): a line per change, no cursor control, then the summary", async () => {
    const io = captureIo({ tty: false });
    let polls = 0;
    const code = await runStatus(["--watch", "--interval", "1ms"], io, { client: scriptedHub(timelines(), rows), sleep: async () => void polls++ });
    expect(code).toBe(1);
    const out = io.out();
    expect(out).not.toContain("\x1b");
    const progress = out.split("\n").filter((l) => /^rollout-1a\s+(queued|running|completed)\s+\[/.test(l));
    expect(progress).toHaveLength(4); // queued, two running states, completed: each printed once
    expect(progress[0]).toMatch(/queued\s+\[\.{30}\]\s+0\/4/);
    expect(progress[3]).toMatch(/completed\s+\[=+x+\]\s+4\/4\s+succeeded 3, failed 1, running 0, pending 0/);
    expect(out).not.toMatch(/^done-2b /m); // already finished: in the summary, not watched
    expect(out).toContain("    Device-4: DeviceNotOnline (Device is not online)");
    expect(out.trimEnd().split("\n").at(-1)).toBe("2 jobs: 1 succeeded, 1 failed; 1 failed device");
    expect(polls).toBe(3);
  });

  it("on a terminal: redraws in place with cursor-up and line clears", async () => {
    const io = captureIo({ tty: true });
    await runStatus(["--watch"], io, { client: scriptedHub(timelines(), rows), sleep: noSleep });
    const frames = io.out().split("\x1b[2K").length - 1;
    expect(frames).toBe(4); // one line per frame, four frames
    expect(io.out().match(/\x1b\[1A/g)).toHaveLength(3); // every frame after the first moves back up
  });

  it("exits 0 when the watched jobs all end without failures", async () => {
    const io = captureIo();
    const hub = scriptedHub({ "ok-1": [jobState("ok-1", "running", { running: 2 }), jobState("ok-1", "completed", { succeeded: 2 })] });
    expect(await runStatus(["--watch"], io, { client: hub, sleep: noSleep })).toBe(0);
  });

  it("with --json draws nothing and prints the final document", async () => {
    const io = captureIo();
    expect(await runStatus(["--watch", "--json"], io, { client: scriptedHub(timelines(), rows), sleep: noSleep })).toBe(1);
    const doc = JSON.parse(io.out()) as { jobs: Array<{ jobId: string; status: string }> };
    expect(doc.jobs.find((j) => j.jobId === "rollout-1a")?.status).toBe("completed");
  });

  it("stops watching a job the hub forgets, and counts it as failed", async () => {
    const hub = scriptedHub({ "gone-1": [jobState("gone-1", "running", { running: 1 })] });
    const getJob = hub.getJob;
    let calls = 0;
    hub.getJob = async (id) => (++calls > 1 ? undefined : getJob(id));
    const io = captureIo();
    expect(await runStatus(["--watch"], io, { client: hub, sleep: noSleep })).toBe(1);
    expect(io.out()).toContain("gone-1 (method, unknown): the job failed: the hub no longer knows this job");
  });
});
