import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { errorCode, startTestHub, type TestHub } from "../helpers.ts";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  hub.admin.loadFleet(hub.hubName, { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "d1" }] });
});
beforeEach(() => hub.admin.clearFaults(hub.hubName));
afterAll(async () => { await hub.close(); });

const getTwin = () => hub.call("GET", "/twins/d1");
const setFaults = (rules: object[]) => hub.adminCall("PUT", `/hubs/${hub.hubName}/faults`, { rules });

describe("fault injection", () => {
  it("throttles the next N requests of an operation with 429 ThrottlingException, then recovers", async () => {
    const set = await setFaults([{ operations: ["twins.get"], fault: "throttle", count: 2 }]);
    expect(set.status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await getTwin());
    expect(statuses.map((r) => r.status)).toEqual([429, 429, 200, 200]);
    expect(errorCode(statuses[0]!.body)).toBe("ThrottlingException");
    // Other operations were never affected.
    expect((await hub.call("GET", "/devices/d1")).status).toBe(200);
  });

  it("answers 503 ServiceUnavailable at a rate, spread evenly", async () => {
    await setFaults([{ operations: ["*"], fault: "unavailable", rate: 0.5 }]);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await getTwin()).status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
  });

  it("answers slowly, then normally", async () => {
    await setFaults([{ operations: ["twins.get"], fault: "slow", delayMs: 300, count: 1 }]);
    const started = performance.now();
    const res = await getTwin();
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("drops the connection", async () => {
    await setFaults([{ operations: ["twins.get"], fault: "drop", count: 1 }]);
    await expect(getTwin()).rejects.toThrow();
    expect((await getTwin()).status).toBe(200);
  });

  it("lists, clears and validates rules", async () => {
    await setFaults([{ operations: ["twins.get"], fault: "throttle", count: 3 }]);
    await getTwin();
    const listed = await hub.adminCall("GET", `/hubs/${hub.hubName}/faults`);
    expect(listed.body.rules).toEqual([{ operations: ["twins.get"], fault: "throttle", count: 2 }]);
    expect((await hub.adminCall("DELETE", `/hubs/${hub.hubName}/faults`)).status).toBe(204);
    expect((await getTwin()).status).toBe(200);
    expect((await setFaults([{ fault: "explode" }])).status).toBe(400);
    expect((await setFaults([{ fault: "throttle", rate: 2 }])).status).toBe(400);
  });

  it("does not apply to unauthenticated requests nor to the admin API", async () => {
    await setFaults([{ operations: ["*"], fault: "throttle" }]);
    expect((await hub.call("GET", "/twins/d1", { policy: null })).status).toBe(401);
    expect((await hub.adminCall("GET", "/hubs")).status).toBe(200);
  });
});
