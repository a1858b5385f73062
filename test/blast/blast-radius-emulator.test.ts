// Blast-radius numbers against known fleets on the embedded hub: the hub's own query engine counts,
// and the expected numbers come from the fleet definition itself (filtered in plain JS), never typed in.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blastRadiusDiagnostics, computeBlastRadius, describeJobBlastRadius, type BlastJob } from "../../src/blast/index.ts";
import { blastRadiusForPlan, planBlastRadius } from "../../src/cli/plan-hub.ts";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import { expandFleet, type FleetDocument } from "../../src/emulator/fleet/fleet-document.ts";
import { createClient, type IotHubClient } from "../../src/iothub/index.ts";
import { loadManifests } from "../../src/manifest/index.ts";

// 300 generated devices over three buildings with exact offline and failing shares, plus two named ones.
const fleet: FleetDocument = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: [
    { deviceId: "Device-1", connected: true, tags: { building: "43", floor: "3" } },
    { deviceId: "Device-2", connected: false, tags: { building: "43", floor: "1" } },
  ],
  generate: [{ count: 300, idPrefix: "sensor-", seed: 7, offlineShare: 0.2, failingShare: 0.1, tags: { building: { values: ["43", "44", "45"], weights: [5, 3, 2] } } }],
};
const devices = [...expandFleet(fleet)];
const expected = (match: (d: (typeof devices)[number]) => boolean) => {
  const matched = devices.filter(match);
  return { matched: matched.length, offline: matched.filter((d) => d.connected === false).length };
};

const methodJob = (name: string, queryCondition: string): BlastJob => ({ name, jobId: `${name}-00000000`, request: { type: "scheduleDeviceMethod", queryCondition } });

let hub: RunningHub;
let client: IotHubClient;

beforeAll(async () => {
  hub = await startHub({ port: 0, tier: "S1", fleet });
  client = await createClient({ connectionString: hub.connectionString, endpoint: hub.url });
});
afterAll(async () => {
  await hub?.close();
});

describe("blast radius on the embedded hub", () => {
  it("counts matched and offline devices the way the fleet defines them", async () => {
    const report = await computeBlastRadius(client, [
      methodJob("all", "*"),
      methodJob("b43", "tags.building = '43'"),
      methodJob("b44-or-45", "tags.building = '44' OR tags.building = '45'"),
      methodJob("one", "deviceId IN ['Device-2']"),
      methodJob("nobody", "tags.building = '99'"),
    ], { tier: "S3" });
    const got = Object.fromEntries(report.jobs.map((j) => [j.name, { matched: j.matched, offline: j.offline }]));
    expect(got).toEqual({
      all: expected(() => true),
      b43: expected((d) => d.tags?.building === "43"),
      "b44-or-45": expected((d) => d.tags?.building === "44" || d.tags?.building === "45"),
      one: expected((d) => d.deviceId === "Device-2"),
      nobody: { matched: 0, offline: 0 },
    });
    // The fleet's exact share: 20% of the generated 300 are offline, plus Device-2.
    expect(got.all!.offline).toBe(61);
    expect(got.all!.matched).toBe(302);
  });

  it("forecasts queueing behind a scheduled job on a one-job (S1) hub", async () => {
    const later = new Date(Date.now() + 48 * 3600_000).toISOString();
    await client.createJob("scheduled-later", { jobId: "scheduled-later", type: "scheduleUpdateTwin", queryCondition: "deviceId = 'Device-1'", startTime: later, maxExecutionTimeInSeconds: 60, updateTwin: { etag: "*", tags: { touched: "yes" } } });
    try {
      const report = await computeBlastRadius(client, [methodJob("first", "*"), methodJob("second", "*")], { tier: "S1" });
      expect(report.activeJobs).toBe(1);
      expect(report.jobs.map((j) => j.queue)).toEqual([
        { kind: "waits", busySlots: 1, limit: 1, waitsFor: 1 },
        { kind: "waits", busySlots: 2, limit: 1, waitsFor: 2 },
      ]);
      // The same hub as S3 would start both at once.
      const s3 = await computeBlastRadius(client, [methodJob("first", "*"), methodJob("second", "*")], { tier: "S3" });
      expect(s3.jobs.map((j) => j.queue.kind)).toEqual(["starts", "starts"]);
    } finally {
      await client.cancelJob("scheduled-later");
    }
  });

  it("works on jobs compiled from manifests, and recognises one already on the hub", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hubjobs-blast-"));
    try {
      writeFileSync(
        join(dir, "lock.yaml"),
        `apiVersion: hubjobs/v1
kind: DeviceMethodJob
metadata:
  name: lock-b43
spec:
  target:
    query: "tags.building = '43'"
  method:
    name: LockDoor
    responseTimeout: 5s
`,
      );
      const loaded = await loadManifests([dir], { cwd: dir, now: new Date() });
      expect(loaded.problems.filter((p) => p.severity === "error")).toEqual([]);
      const jobs = loaded.manifests.map((m) => m.job);
      const before = await computeBlastRadius(client, jobs, { tier: "S3" });
      expect(before.jobs[0]).toMatchObject({ name: "lock-b43", ...expected((d) => d.tags?.building === "43") });
      expect(describeJobBlastRadius(before.jobs[0]!)).toMatch(/^lock-b43: this job touches \d+ devices \(\d+ offline, which will fail\); starts at once/);

      await client.createJob(jobs[0]!.jobId, jobs[0]!.request);
      const after = await computeBlastRadius(client, jobs, { tier: "S3" });
      expect(after.jobs[0]!.queue.kind).toBe("existing");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("plan --hub: resolves the hub like `status` does and honours --tier", async () => {
    const report = await blastRadiusForPlan([methodJob("b45", "tags.building = '45'")], { hub: hub.connectionString, endpoint: hub.url, tier: "S2" }, {}, process.cwd());
    expect(report).toMatchObject({ tier: "S2", tierKnown: true });
    expect(report.jobs[0]).toMatchObject(expected((d) => d.tags?.building === "45"));
  });

  it("preview: one diagnostic per job, and a warning instead of a failure when the hub refuses", async () => {
    const infos: Array<[string, string]> = [];
    const warnings: string[] = [];
    const log = { info: (m: string, name: string) => void infos.push([name, m]), warn: (m: string) => void warnings.push(m) };
    const output = await blastRadiusDiagnostics({ connectionString: hub.connectionString, endpoint: hub.url }, [methodJob("all", "*"), methodJob("b43", "tags.building = '43'")], { log });
    expect(infos.map(([name]) => name)).toEqual(["all", "b43"]);
    expect(infos[0]![1]).toContain(`all: this job touches ${expected(() => true).matched} devices`);
    expect(output?.b43).toMatchObject({ jobId: "b43-00000000", ...expected((d) => d.tags?.building === "43") });
    expect(warnings).toEqual([]);

    const wrongKey = hub.connectionString.replace(/SharedAccessKey=[^;]+/, `SharedAccessKey=${Buffer.from("wrong-key-made-in-test").toString("base64")}`);
    const none = await blastRadiusDiagnostics({ connectionString: wrongKey, endpoint: hub.url }, [methodJob("all", "*")], { log });
    expect(none).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^blast radius unavailable: /);
  });

  it("plan's helper: nothing without hub options, text lines with them, one error line on failure", async () => {
    const jobs = [methodJob("b43", "tags.building = '43'")];
    expect(await planBlastRadius(jobs, { json: true }, {}, process.cwd())).toEqual({ kind: "none" });
    const shown = await planBlastRadius(jobs, { hub: hub.connectionString, endpoint: hub.url, tier: "S1" }, {}, process.cwd());
    expect(shown.kind === "report" && shown.lines[0]).toMatch(/^Blast radius on the hub now: tier S1, \d+ active jobs?$/);
    expect(shown.kind === "report" && shown.lines[1]).toContain(`b43: this job touches ${expected((d) => d.tags?.building === "43").matched} devices`);
    const badTier = await planBlastRadius(jobs, { hub: hub.connectionString, tier: "B1" }, {}, process.cwd());
    expect(badTier).toEqual({ kind: "error", message: expect.stringMatching(/^hubjobs plan: error E_USAGE: --tier/) });
    const wrongKey = hub.connectionString.replace(/SharedAccessKey=[^;]+/, `SharedAccessKey=${Buffer.from("wrong-key-made-in-test").toString("base64")}`);
    const refused = await planBlastRadius(jobs, { hub: wrongKey, endpoint: hub.url }, {}, process.cwd());
    expect(refused.kind === "error" && refused.message).toMatch(/^hubjobs plan: error E_HUB_UNREACHABLE: the hub at http:\/\/\S+ answered 401/);
  });
});
