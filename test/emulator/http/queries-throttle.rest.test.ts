// Realistic mode applies the queries quota to POST /devices/query (20/min per unit on F1/S1/S2,
// 1000/min on S3), per hub, for every collection and every page, refilled on the hub clock, and
// answers 429 ThrottlingException beyond it; the default mode never throttles queries.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/emulator/clock.ts";
import type { HubTier } from "../../../src/emulator/store/hub-store.ts";
import { errorCode, startTestHub, type CallOptions, type TestHub } from "../helpers.ts";

// One statement per collection and shape the route answers: all count against the one quota.
const STATEMENTS = [
  "SELECT * FROM devices",
  "SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'no-such-job'",
  "SELECT * FROM devices.modules",
  "SELECT deviceId FROM devices WHERE tags.building = '43'",
];

const query = (hub: TestHub, n = 0, options: CallOptions = {}) =>
  hub.call("POST", "/devices/query", { ...options, body: { query: STATEMENTS[n % STATEMENTS.length] } });

/** Statuses of `n` queries sent one after the other, cycling through the collections. */
async function queryStatuses(hub: TestHub, n: number, options: CallOptions = {}): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await query(hub, i, options)).status);
  return out;
}

/** Statuses of `n` cheap queries (an empty collection), for the large S3 allowance. */
async function cheapQueryStatuses(hub: TestHub, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await query(hub, STATEMENTS.indexOf("SELECT * FROM devices.modules"))).status);
  return out;
}

async function withHub(options: { tier: HubTier; realisticLimits: boolean }, test: (hub: TestHub, clock: ManualClock) => Promise<void>): Promise<void> {
  const clock = new ManualClock("2026-06-01T00:00:00Z");
  const hub = await startTestHub({ clock, ...options });
  try {
    hub.admin.loadFleet(hub.hubName, {
      apiVersion: "hubjobs/v1",
      kind: "Fleet",
      devices: [{ deviceId: "Device-1", tags: { building: "43" } }],
      generate: [{ idPrefix: "q-", count: 49, seed: 3 }],
    });
    await test(hub, clock);
  } finally {
    await hub.close();
  }
}

const all200 = (n: number) => Array.from({ length: n }, () => 200);

describe("realistic mode", () => {
  it("lets 20 queries a minute through on S1; the 21st is 429 ThrottlingException with the service's body", async () => {
    await withHub({ tier: "S1", realisticLimits: true }, async (hub) => {
      expect(await queryStatuses(hub, 20)).toEqual(all200(20));
      const throttled = await query(hub);
      expect(throttled.status).toBe(429);
      expect(errorCode(throttled.body)).toBe("ThrottlingException");
      expect(throttled.headers.get("iothub-errorcode")).toBe("ThrottlingException");
      expect(Object.keys(throttled.body).sort()).toEqual(["ExceptionMessage", "Message"]);
      expect(throttled.body.ExceptionMessage).toMatch(/^Tracking ID:/);
      // Every collection is refused alike.
      for (let i = 1; i < STATEMENTS.length; i++) expect((await query(hub, i)).status).toBe(429);
      // Job operations and twin reads have quotas of their own (or none here).
      expect((await hub.call("GET", "/jobs/v2/query")).status).toBe(200);
      expect((await hub.call("GET", "/twins/Device-1")).status).toBe(200);
    });
  });

  it("refills on the hub clock: one query every 3 s, a full minute's 20 after a minute", async () => {
    await withHub({ tier: "S1", realisticLimits: true }, async (hub, clock) => {
      expect(await queryStatuses(hub, 21)).toEqual([...all200(20), 429]);
      await clock.advance(2999);
      expect((await query(hub)).status).toBe(429);
      await clock.advance(1);
      expect(await queryStatuses(hub, 2)).toEqual([200, 429]);
      await clock.advance(60_000);
      expect(await queryStatuses(hub, 21)).toEqual([...all200(20), 429]);
    });
  });

  it("counts each page of a paged query as a query", async () => {
    await withHub({ tier: "S1", realisticLimits: true }, async (hub) => {
      const statuses: number[] = [];
      let continuation: string | null = null;
      // 50 twins, 2 a page: 25 pages, of which only 20 fit in a minute's quota.
      for (let page = 0; page < 21; page++) {
        const headers: Record<string, string> = { "x-ms-max-item-count": "2" };
        if (continuation) headers["x-ms-continuation"] = continuation;
        const res = await hub.call("POST", "/devices/query", { body: { query: "SELECT * FROM devices" }, headers });
        statuses.push(res.status);
        if (res.status === 200) {
          continuation = res.headers.get("x-ms-continuation");
          expect(continuation).not.toBeNull();
        }
      }
      expect(statuses).toEqual([...all200(20), 429]);
    });
  });

  it.each([
    ["F1", 20],
    ["S2", 20],
    ["S3", 1000],
  ] as const)("allows %s hubs %i queries a minute", async (tier, perMinute) => {
    await withHub({ tier, realisticLimits: true }, async (hub) => {
      expect(await cheapQueryStatuses(hub, perMinute + 1)).toEqual([...all200(perMinute), 429]);
    });
  });

  it("keeps each hub's quota apart", async () => {
    await withHub({ tier: "S1", realisticLimits: true }, async (hub) => {
      hub.admin.createHub("second", { hostName: "second.example.test", tier: "S1" });
      expect(await queryStatuses(hub, 21)).toEqual([...all200(20), 429]);
      expect(await queryStatuses(hub, 21, { hub: "second" })).toEqual([...all200(20), 429]);
    });
  });
});

describe("default mode", () => {
  it("never throttles queries", async () => {
    await withHub({ tier: "S1", realisticLimits: false }, async (hub) => {
      expect(await queryStatuses(hub, 45)).toEqual(all200(45));
    });
  });
});
