// In `pulumi preview`, the program asks the hub how many devices each job touches and exports it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import defineStack from "../../src/index.ts";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import { createClient } from "../../src/iothub/index.ts";
import { auditBuilding43Manifest, building43Fleet } from "../fixtures/building-43.ts";
import { installMocks, valueOf } from "./mocks.ts";
import { lockDoor, projectWith } from "./manifests.ts";

let hub: RunningHub;
beforeAll(async () => {
  await installMocks({ preview: true });
  hub = await startHub({ port: 0, tier: "S2", fleet: building43Fleet });
});
afterAll(async () => {
  await hub?.close();
});

describe("preview on an existing hub", () => {
  it("exports each job's blast radius from the hub's own counts, and submits nothing", async () => {
    const cwd = projectWith({ "lock.yaml": lockDoor, "audit.yaml": auditBuilding43Manifest });
    const outputs = await defineStack({ cwd, config: { jobsDir: "jobs/", hub: { mode: "existing", hostName: hub.hostName, auth: "sas", connectionString: hub.connectionString, endpoint: hub.url } } });
    expect(outputs.hubTier).toBeUndefined();
    const radius = await valueOf(outputs.blastRadius!);
    const byName = Object.fromEntries(Object.entries(radius ?? {}).map(([name, j]) => [name, { matched: j.matched, offline: j.offline }]));
    expect(byName).toEqual({ "lock-doors-device-1": { matched: 1, offline: 0 }, "audit-building-43": { matched: 2, offline: 1 } });
    // The tier of an existing hub is not in the configuration: the forecast uses S1's rate.
    expect(radius?.["audit-building-43"]?.forecast).toBe("at least 1 s at S1's 10 device operations/s");
    const client = await createClient({ connectionString: hub.connectionString, endpoint: hub.url });
    expect(await client.listJobs({})).toEqual([]);
  });
});

describe("preview of jobs that state already records", () => {
  const earlier = "2020-01-01T00:00:00.000Z";

  it("counts only the jobs that may run: one recorded unchanged by an earlier deployment is left out", async () => {
    const recorded = await installMocks({ preview: true });
    // lock-doors-device-1 was applied by an earlier `up`; audit-building-43 is about to be created,
    // so the engine knows no appliedAt for it during preview.
    recorded.jobState["lock-doors-device-1"] = { appliedAt: earlier };
    recorded.jobState["audit-building-43"] = { appliedAt: undefined };
    const cwd = projectWith({ "lock.yaml": lockDoor, "audit.yaml": auditBuilding43Manifest });
    const outputs = await defineStack({ cwd, config: { jobsDir: "jobs/", hub: { mode: "existing", hostName: hub.hostName, auth: "sas", connectionString: hub.connectionString, endpoint: hub.url } } });
    const radius = await valueOf(outputs.blastRadius!);
    expect(Object.entries(radius ?? {}).map(([name, j]) => [name, j.matched, j.offline])).toEqual([["audit-building-43", 2, 1]]);
  });

  it("sends no hub query when every job is recorded unchanged", async () => {
    const recorded = await installMocks({ preview: true });
    recorded.jobState["lock-doors-device-1"] = { appliedAt: earlier };
    // Nothing listens here: a single query would fail and turn the blast radius into a warning (undefined).
    const closed = await startHub({ port: 0, tier: "S2", fleet: building43Fleet });
    const deadUrl = closed.url;
    const { hostName, connectionString } = closed;
    await closed.close();
    const cwd = projectWith({ "lock.yaml": lockDoor });
    const outputs = await defineStack({ cwd, config: { jobsDir: "jobs/", hub: { mode: "existing", hostName, auth: "sas", connectionString, endpoint: deadUrl } } });
    expect(await valueOf(outputs.blastRadius!)).toEqual({});
  });
});

describe("preview of a replacement whose predecessor still runs", () => {
  it("says the replacement starts after it ends, with its counts, under the id up will submit", async () => {
    const slowFleet = { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "Device-1", connected: true, methods: { LockDoor: { status: 200, latencyMs: 5000 } } }] };
    const slowHub = await startHub({ port: 0, tier: "S2", fleet: slowFleet as never });
    try {
      const client = await createClient({ connectionString: slowHub.connectionString, endpoint: slowHub.url });
      await client.createJob("lock-doors-device-1-0ld00000", { jobId: "lock-doors-device-1-0ld00000", type: "scheduleDeviceMethod", queryCondition: "deviceId IN ['Device-1']", cloudToDeviceMethod: { methodName: "LockDoor", payload: null, responseTimeoutInSeconds: 30, connectTimeoutInSeconds: 0 }, maxExecutionTimeInSeconds: 60 });
      for (let i = 0; i < 100 && (await client.getJob("lock-doors-device-1-0ld00000"))?.status !== "running"; i++) await new Promise((r) => setTimeout(r, 20));
      const recorded = await installMocks({ preview: true });
      // What the engine hands the program for a replacement in preview: the checked inputs.
      recorded.jobState["lock-doors-device-1"] = { appliedAt: undefined, jobId: "lock-doors-device-1-11112222", priorJobId: "lock-doors-device-1-0ld00000", supersedes: "lock-doors-device-1-0ld00000" };
      const cwd = projectWith({ "lock.yaml": lockDoor });
      const outputs = await defineStack({ cwd, config: { jobsDir: "jobs/", hub: { mode: "existing", hostName: slowHub.hostName, auth: "sas", connectionString: slowHub.connectionString, endpoint: slowHub.url } } });
      const radius = await valueOf(outputs.blastRadius!);
      expect(radius?.["lock-doors-device-1"]).toMatchObject({ jobId: "lock-doors-device-1-11112222", queue: "replaces lock-doors-device-1-0ld00000, still running (0/1 done): starts after it ends" });
    } finally {
      await slowHub.close();
    }
  });
});
