// Realistic mode applies the job operations quota (create, cancel, list: 100/min per unit on
// F1/S1/S2) and answers 429 ThrottlingException beyond it; the default mode never throttles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/emulator/clock.ts";
import { errorCode, startTestHub, type TestHub } from "../helpers.ts";

const list = (hub: TestHub) => hub.call("GET", "/jobs/v2/query");

async function statuses(hub: TestHub, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await list(hub)).status);
  return out;
}

describe("realistic mode", () => {
  const clock = new ManualClock("2026-06-01T00:00:00Z");
  let hub: TestHub;
  beforeAll(async () => { hub = await startTestHub({ clock, tier: "S1", realisticLimits: true }); });
  afterAll(async () => { await hub.close(); });

  it("answers 429 ThrottlingException past one minute's job operations, and again after the rate refills", async () => {
    expect(new Set(await statuses(hub, 100))).toEqual(new Set([200]));
    const throttled = await list(hub);
    expect(throttled.status).toBe(429);
    expect(errorCode(throttled.body)).toBe("ThrottlingException");
    expect(throttled.headers.get("iothub-errorcode")).toBe("ThrottlingException");
    expect(Object.keys(throttled.body).sort()).toEqual(["ExceptionMessage", "Message"]);
    // Creating and cancelling count against the same quota.
    const create = await hub.call("PUT", "/jobs/v2/throttled-1", {
      body: { type: "scheduleUpdateTwin", queryCondition: "*", updateTwin: { etag: "*", tags: { a: "1" } } },
    });
    expect(create.status).toBe(429);
    expect((await hub.call("POST", "/jobs/v2/throttled-1/cancel")).status).toBe(429);
    // Reading one job and the other routes are not job operations.
    expect((await hub.call("GET", "/jobs/v2/throttled-1")).status).toBe(200);
    expect((await hub.call("GET", "/devices")).status).toBe(200);
    // 1.67 per second: one more every 600 ms of hub time.
    await clock.advance(600);
    expect((await list(hub)).status).toBe(200);
    expect((await list(hub)).status).toBe(429);
  });
});

describe("default mode", () => {
  let hub: TestHub;
  beforeAll(async () => { hub = await startTestHub({ clock: new ManualClock("2026-06-01T00:00:00Z"), tier: "S1" }); });
  afterAll(async () => { await hub.close(); });

  it("never throttles job operations", async () => {
    expect(new Set(await statuses(hub, 130))).toEqual(new Set([200]));
  });
});
