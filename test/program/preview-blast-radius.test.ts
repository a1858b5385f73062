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
    const client = await createClient({ connectionString: hub.connectionString, endpoint: hub.url });
    expect(await client.listJobs({})).toEqual([]);
  });
});
