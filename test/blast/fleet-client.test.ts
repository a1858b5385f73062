// Counting on a fleet file must give what a hub created with that fleet answers: the expected
// numbers come from a real embedded hub seeded with the same file, never typed in.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeBlastRadius, fleetBlastClient, offlineCondition, type BlastJob } from "../../src/blast/index.ts";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import { createClient, type IotHubClient } from "../../src/iothub/index.ts";

const fleetFile = path.resolve(import.meta.dirname, "../../fleets/dev.yaml");
const fleetText = readFileSync(fleetFile, "utf8");

let hub: RunningHub;
let client: IotHubClient;

beforeAll(async () => {
  hub = await startHub({ port: 0, fleet: fleetFile });
  client = await createClient({ connectionString: hub.connectionString, endpoint: hub.url });
});
afterAll(async () => {
  await hub?.close();
});

describe("fleetBlastClient", () => {
  const conditions = [
    "*",
    "tags.Building = '43'",
    "tags.Building = '43' AND tags.Floor = '3'",
    "deviceId IN ['Device-1', 'Device-2', 'no-such-device']",
    "tags.Building = '99'",
  ];

  it.each(conditions)("counts %s as a hub created with the fleet does, offline devices too", async (condition) => {
    const fromFleet = await fleetBlastClient(fleetText, "fleets/dev.yaml");
    for (const c of [condition, offlineCondition(condition)]) {
      expect(await fromFleet.countDevices(c), c).toBe(await client.countDevices(c));
    }
  });

  it("counts something in the dev fleet, so the comparison above is not between zeros", async () => {
    const fromFleet = await fleetBlastClient(fleetText, "fleets/dev.yaml");
    expect(await fromFleet.countDevices("*")).toBeGreaterThan(10);
    expect(await fromFleet.countDevices(offlineCondition("*"))).toBeGreaterThan(0);
  });

  it("is a hub without jobs: every new job starts at once until the tier's limit", async () => {
    const job = (name: string): BlastJob => ({ name, jobId: `${name}-00000000`, request: { type: "scheduleDeviceMethod", queryCondition: "tags.Building = '43'" } });
    const report = await computeBlastRadius(await fleetBlastClient(fleetText, "fleets/dev.yaml"), [job("a"), job("b")], { tier: "S1" });
    expect(report.activeJobs).toBe(0);
    expect(report.jobs.map((j) => j.queue.kind)).toEqual(["starts", "waits"]);
  });

  it("names the fleet file when it is not a fleet", async () => {
    await expect(fleetBlastClient("devices: 12\n", "fleets/broken.yaml")).rejects.toThrow(/fleets\/broken\.yaml/);
  });
});
