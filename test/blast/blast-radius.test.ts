// The forecast's own logic against a scripted hub: which counting queries it sends, how offline
// devices are selected, and how the tier's job limit queues new jobs. The real query engine and
// fleets are exercised in blast-radius-emulator.test.ts.
import { describe, expect, it } from "vitest";
import { computeBlastRadius, countingConcurrency, offlineCondition, type BlastClient, type BlastJob } from "../../src/blast/index.ts";

interface Device {
  id: string;
  building: string;
  online: boolean;
}

// 7 devices: building 43 has 4 (1 offline), building 44 has 3 (2 offline).
const fleet: Device[] = [
  { id: "d1", building: "43", online: true },
  { id: "d2", building: "43", online: true },
  { id: "d3", building: "43", online: true },
  { id: "d4", building: "43", online: false },
  { id: "d5", building: "44", online: true },
  { id: "d6", building: "44", online: false },
  { id: "d7", building: "44", online: false },
];

// The job conditions this fake understands, as predicates; `offlineCondition` wraps them.
const predicates: Record<string, (d: Device) => boolean> = {
  "*": () => true,
  "tags.building = '43'": (d) => d.building === "43",
  "tags.building = '44'": (d) => d.building === "44",
  "tags.building = '99'": () => false,
};

function scriptedHub(jobsOnHub: Array<{ jobId: string; status: string }> = []): BlastClient & { queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    async countDevices(condition) {
      queries.push(condition);
      const offline = /^(?:\((.*)\) AND )?connectionState = 'Disconnected'$/.exec(condition);
      const base = offline ? (offline[1] ?? "*") : condition;
      const match = predicates[base];
      if (!match) throw new Error(`unexpected condition ${condition}`);
      return fleet.filter((d) => match(d) && (!offline || !d.online)).length;
    },
    async listJobs() {
      return jobsOnHub;
    },
  };
}

const job = (name: string, queryCondition: string, type = "scheduleDeviceMethod"): BlastJob => ({ name, jobId: `${name}-abc123`, request: { type, queryCondition } });

describe("offlineCondition", () => {
  it("parenthesises the job's condition so OR cannot escape the AND", () => {
    expect(offlineCondition("a = 1 OR b = 2")).toBe("(a = 1 OR b = 2) AND connectionState = 'Disconnected'");
  });
  it("turns * (all devices) into the offline condition alone", () => {
    expect(offlineCondition(" * ")).toBe("connectionState = 'Disconnected'");
  });
});

describe("computeBlastRadius", () => {
  it("counts matched and offline devices per job", async () => {
    const hub = scriptedHub();
    const report = await computeBlastRadius(hub, [job("b43", "tags.building = '43'"), job("all", "*", "scheduleUpdateTwin")], { tier: "S3" });
    expect(report.jobs.map((j) => [j.name, j.matched, j.offline])).toEqual([
      ["b43", 4, 1],
      ["all", 7, 3],
    ]);
    expect(report.tierKnown).toBe(true);
  });

  it("skips the offline query when nothing matches", async () => {
    const hub = scriptedHub();
    const report = await computeBlastRadius(hub, [job("none", "tags.building = '99'")]);
    expect(report.jobs[0]).toMatchObject({ matched: 0, offline: 0 });
    expect(hub.queries).toEqual(["tags.building = '99'"]);
  });

  it("on a one-job tier, queues each new job behind the active one and the new ones before it", async () => {
    const hub = scriptedHub([
      { jobId: "old-running", status: "running" },
      { jobId: "old-done", status: "completed" },
    ]);
    const report = await computeBlastRadius(hub, [job("a", "*"), job("b", "*")], { tier: "S1" });
    expect(report.activeJobs).toBe(1);
    expect(report.jobs.map((j) => j.queue)).toEqual([
      { kind: "waits", busySlots: 1, limit: 1, waitsFor: 1 },
      { kind: "waits", busySlots: 2, limit: 1, waitsFor: 2 },
    ]);
  });

  it("on S2 (5 jobs), new jobs start until the slots are full; scheduled jobs hold slots", async () => {
    const hub = scriptedHub([
      { jobId: "s1", status: "scheduled" },
      { jobId: "q1", status: "queued" },
      { jobId: "r1", status: "running" },
      { jobId: "c1", status: "cancelled" },
    ]);
    const jobs = ["a", "b", "c"].map((n) => job(n, "*"));
    const report = await computeBlastRadius(hub, jobs, { tier: "S2" });
    expect(report.jobs.map((j) => j.queue.kind)).toEqual(["starts", "starts", "waits"]);
    expect(report.jobs[2]!.queue).toEqual({ kind: "waits", busySlots: 5, limit: 5, waitsFor: 1 });
  });

  it("a job already on the hub runs nothing new and takes no slot", async () => {
    const hub = scriptedHub([{ jobId: "a-abc123", status: "completed" }]);
    const report = await computeBlastRadius(hub, [job("a", "*"), job("b", "*")], { tier: "S1" });
    expect(report.jobs[0]!.queue).toEqual({ kind: "existing", status: "completed" });
    expect(report.jobs[1]!.queue).toEqual({ kind: "starts", busySlots: 0, limit: 1 });
  });

  it("asks once per distinct condition, however many jobs share it", async () => {
    const hub = scriptedHub();
    const report = await computeBlastRadius(hub, [job("a", "tags.building = '43'"), job("b", "tags.building = '43'"), job("c", "tags.building = '44'")], { tier: "S3" });
    expect(report.jobs.map((j) => [j.name, j.matched, j.offline])).toEqual([
      ["a", 4, 1],
      ["b", 4, 1],
      ["c", 3, 2],
    ]);
    expect([...hub.queries].sort()).toEqual([
      "(tags.building = '43') AND connectionState = 'Disconnected'",
      "(tags.building = '44') AND connectionState = 'Disconnected'",
      "tags.building = '43'",
      "tags.building = '44'",
    ]);
  });

  it("keeps at most countingConcurrency queries in flight", async () => {
    const hub = scriptedHub();
    let inFlight = 0;
    let peak = 0;
    const slowHub: BlastClient = {
      listJobs: hub.listJobs,
      async countDevices(condition) {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return hub.countDevices(condition);
      },
    };
    const conditions = ["*", "tags.building = '43'", "tags.building = '44'", "tags.building = '99'"];
    const jobs = Array.from({ length: 12 }, (_, i) => job(`j${i}`, conditions[i % 4]!));
    await computeBlastRadius(slowHub, jobs, { tier: "S3" });
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(countingConcurrency);
  });

  it("assumes S1 when the tier is not known, and says so", async () => {
    const report = await computeBlastRadius(scriptedHub(), [job("a", "*")]);
    expect(report).toMatchObject({ tier: "S1", tierKnown: false });
  });
});
