// Simulated devices that react like real ones, seen through the hub's REST API: a method job's
// UpdateFirmware changes the reported firmware version, a twin job's desired patch shows up in
// reported after the device's delay, and devices that ignore updates change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/emulator/clock.ts";
import type { FleetDocument } from "../../../src/emulator/fleet/fleet-document.ts";
import { nextName, startTestHub, waitForJob as waitForHubJob, type TestHub } from "../helpers.ts";

const updateFirmware = { status: 200, payload: { accepted: true }, latencyMs: 1000, reported: { firmwareVersion: "$payload.version", firmware: { updatedAt: "$now", channel: "$payload.channel" } } };
const fleet: FleetDocument = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: [
    { deviceId: "door-1", tags: { kind: "door" }, reported: { firmwareVersion: "2.0.0" }, methods: { UpdateFirmware: updateFirmware } },
    { deviceId: "door-2", tags: { kind: "door" }, reported: { firmwareVersion: "2.0.0" }, methods: { UpdateFirmware: updateFirmware } },
    // Answers 200 and never installs anything: what a verify gate must catch.
    { deviceId: "door-stale", tags: { kind: "door" }, reported: { firmwareVersion: "2.0.0" }, methods: { UpdateFirmware: updateFirmware }, ignoresUpdates: true, followDesired: { after: "1s" } },
    { deviceId: "panel-1", tags: { kind: "panel" }, followDesired: { after: "2s" } },
    { deviceId: "panel-off", tags: { kind: "panel" }, connected: false, followDesired: { after: "2s" } },
  ],
  generate: [
    { idPrefix: "sensor-", count: 20, seed: 5, tags: { kind: "sensor" }, reported: { telemetryInterval: 60 }, followDesired: { after: "5s", keys: ["telemetryInterval"] }, ignoresUpdatesShare: 0.25 },
  ],
};

let hub: TestHub;
const clock = new ManualClock("2026-06-01T00:00:00Z");
beforeAll(async () => { hub = await startTestHub({ clock, fleet }); });
afterAll(async () => { await hub.close(); });

const waitForJob = (jobId: string, stepMs: number): Promise<any> => waitForHubJob(hub, clock, jobId, stepMs);

async function query(where: string): Promise<string[]> {
  const res = await hub.call("POST", "/devices/query", { body: { query: `SELECT * FROM devices WHERE ${where}` } });
  expect(res.status).toBe(200);
  return res.body.map((t: { deviceId: string }) => t.deviceId).sort();
}

const twin = async (id: string): Promise<any> => (await hub.call("GET", `/twins/${id}`)).body;

describe("a method that changes reported properties", () => {
  it("an UpdateFirmware method job makes the devices report the version from its payload, queryable at once", async () => {
    const before = await twin("door-1");
    const jobId = nextName("firmware");
    const created = await hub.call("PUT", `/jobs/v2/${jobId}`, {
      body: {
        jobId,
        type: "scheduleDeviceMethod",
        queryCondition: "tags.kind = 'door'",
        cloudToDeviceMethod: { methodName: "UpdateFirmware", payload: { version: "2.1.0" }, responseTimeoutInSeconds: 30, connectTimeoutInSeconds: 0 },
        maxExecutionTimeInSeconds: 600,
      },
    });
    expect(created.status).toBe(200);
    const job = await waitForJob(jobId, 250);
    expect(job.deviceJobStatistics).toMatchObject({ deviceCount: 3, succeededCount: 3, failedCount: 0 });

    // Every door answered 200; only the two that install updates report the new version.
    expect(await query("properties.reported.firmwareVersion = '2.1.0'")).toEqual(["door-1", "door-2"]);
    expect(await query("properties.reported.firmwareVersion = '2.0.0'")).toEqual(["door-stale"]);

    const after = await twin("door-1");
    expect(after.properties.reported.$version).toBe(before.properties.reported.$version + 1);
    expect(after.version).toBe(before.version + 1);
    // `$now` is the hub clock when the device answered (after its 1 s latency); a path the payload
    // lacks (`channel`) is left out rather than reported as null.
    const answeredAt = Date.parse(after.properties.reported.firmware.updatedAt);
    expect(answeredAt).toBeGreaterThanOrEqual(Date.parse("2026-06-01T00:00:01Z"));
    expect(after.properties.reported.firmware).toEqual({ updatedAt: new Date(answeredAt).toISOString() });
    expect(after.properties.reported.$metadata.firmwareVersion.$lastUpdated).toBe(new Date(answeredAt).toISOString());
    expect((await twin("door-stale")).properties.reported.$version).toBe(before.properties.reported.$version);
  });
});

describe("reported properties that follow desired ones", () => {
  it("a twin job's desired patch shows up in reported after the device's delay, for the keys it applies", async () => {
    const sensors = await query("tags.kind = 'sensor'");
    const beforeVersions = new Map<string, number>();
    for (const id of sensors) beforeVersions.set(id, (await twin(id)).properties.reported.$version);

    const jobId = nextName("interval");
    const created = await hub.call("PUT", `/jobs/v2/${jobId}`, {
      body: {
        jobId,
        type: "scheduleUpdateTwin",
        queryCondition: "tags.kind = 'sensor'",
        updateTwin: { etag: "*", properties: { desired: { telemetryInterval: 30, colour: "blue" } } },
        maxExecutionTimeInSeconds: 600,
      },
    });
    expect(created.status).toBe(200);
    const job = await waitForJob(jobId, 100);
    expect(job.deviceJobStatistics).toMatchObject({ deviceCount: 20, succeededCount: 20 });
    const writtenAt = Date.parse((await twin(sensors[0]!)).properties.desired.$metadata.telemetryInterval.$lastUpdated);

    await clock.set(new Date(writtenAt + 4_999));
    expect(await query("properties.reported.telemetryInterval = 30")).toEqual([]);
    await clock.set(new Date(writtenAt + 5_000));
    const followed = await query("properties.reported.telemetryInterval = 30");
    // A quarter of the group ignores updates: exactly 5 of 20 stay at 60.
    expect(followed).toHaveLength(15);
    expect(await query("tags.kind = 'sensor' AND properties.reported.telemetryInterval = 60")).toHaveLength(5);

    for (const id of sensors) {
      const t = await twin(id);
      const follows = followed.includes(id);
      expect(t.properties.reported.$version).toBe(beforeVersions.get(id)! + (follows ? 1 : 0));
      // `colour` is not among the keys these devices apply.
      expect(t.properties.reported.colour).toBeUndefined();
    }
  });

  it("a device following all keys reports a service client's desired change, deletions too; an offline one does not", async () => {
    for (const id of ["panel-1", "panel-off"]) {
      const res = await hub.call("PATCH", `/twins/${id}`, { body: { properties: { desired: { mode: "eco", level: 3 } } }, headers: { "if-match": "*" } });
      expect(res.status).toBe(200);
    }
    await clock.advance(1_999);
    expect((await twin("panel-1")).properties.reported.mode).toBeUndefined();
    await clock.advance(1);
    expect((await twin("panel-1")).properties.reported).toMatchObject({ mode: "eco", level: 3 });
    expect((await twin("panel-off")).properties.reported.mode).toBeUndefined();

    await hub.call("PATCH", "/twins/panel-1", { body: { properties: { desired: { level: null } } }, headers: { "if-match": "*" } });
    await clock.advance(2_000);
    const reported = (await twin("panel-1")).properties.reported;
    expect(reported.mode).toBe("eco");
    expect(reported.level).toBeUndefined();
  });

  it("a device that ignores updates never follows desired, though its fleet entry says followDesired", async () => {
    await hub.call("PATCH", "/twins/door-stale", { body: { properties: { desired: { mode: "eco" } } }, headers: { "if-match": "*" } });
    await clock.advance(10_000);
    expect((await twin("door-stale")).properties.reported.mode).toBeUndefined();
  });
});

describe("fleet files with reactions through the admin API", () => {
  it("refuses a bad reaction with 400 naming the field", async () => {
    const name = nextName("hub");
    await hub.adminCall("PUT", `/hubs/${name}`, {});
    const bad = "apiVersion: hubjobs/v1\nkind: Fleet\ndevices:\n  - deviceId: d\n    followDesired: { after: soon }\n    methods:\n      UpdateFirmware: { reported: { firmwareVersion: $paylod.version } }\n";
    const res = await hub.adminCall("PUT", `/hubs/${name}/fleet`, bad, "application/yaml");
    expect(res.status).toBe(400);
    expect(res.body.Message ?? res.body.message ?? JSON.stringify(res.body)).toMatch(/\/devices\/0\/followDesired\/after is not a duration/);
  });
});
