import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, startTestHub, type TestHub } from "../helpers.ts";

let hub: TestHub;
const COUNT = 230;
beforeAll(async () => {
  hub = await startTestHub();
  hub.admin.loadFleet(hub.hubName, {
    apiVersion: "hubjobs/v1",
    kind: "Fleet",
    devices: [{ deviceId: "Device-1", tags: { building: "43", floor: "3" }, reported: { fw: 1 } }],
    generate: [{ idPrefix: "q-", count: COUNT, seed: 5, tags: { building: { values: ["43", "44"] } }, reported: { fw: 2 } }],
  });
});
afterAll(async () => { await hub.close(); });

const query = (text: string, headers: Record<string, string> = {}) =>
  hub.call("POST", "/devices/query", { body: { query: text }, headers });

describe("POST /devices/query", () => {
  it("answers a bare array of twins with x-ms-item-type twin and no continuation on the last page", async () => {
    const res = await query("SELECT * FROM devices WHERE deviceId = 'Device-1'");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ms-item-type")).toBe("twin");
    expect(res.headers.has("x-ms-continuation")).toBe(false);
    expect(res.body).toHaveLength(1);
    expect(res.body[0].tags).toEqual({ building: "43", floor: "3" });
    expect(res.body[0].properties.reported.fw).toBe(1);
  });

  it("pages with x-ms-max-item-count and x-ms-continuation until every twin is seen once", async () => {
    const seen: string[] = [];
    let continuation: string | null = null;
    let pages = 0;
    do {
      const headers: Record<string, string> = { "x-ms-max-item-count": "40" };
      if (continuation) headers["x-ms-continuation"] = continuation;
      const res = await query("SELECT * FROM devices", headers);
      expect(res.body.length).toBeLessThanOrEqual(40);
      seen.push(...res.body.map((t: { deviceId: string }) => t.deviceId));
      continuation = res.headers.get("x-ms-continuation");
      pages++;
    } while (continuation);
    expect(seen).toHaveLength(COUNT + 1);
    expect(new Set(seen).size).toBe(COUNT + 1);
    expect(pages).toBe(Math.ceil((COUNT + 1) / 40));
  });

  it("caps a page at 100 items", async () => {
    const res = await query("SELECT * FROM devices", { "x-ms-max-item-count": "1000" });
    expect(res.body).toHaveLength(100);
    expect(res.headers.has("x-ms-continuation")).toBe(true);
  });

  it("answers projections and COUNT as raw items", async () => {
    const count = await query("SELECT COUNT() AS n FROM devices WHERE tags.building = '44'");
    expect(count.headers.get("x-ms-item-type")).toBe("raw");
    const expected = (await collectAll("SELECT * FROM devices")).filter((t) => t.tags.building === "44").length;
    expect(count.body).toEqual([{ n: expected }]);
    const projected = await query("SELECT deviceId, properties.reported.fw AS fw FROM devices WHERE deviceId = 'Device-1'");
    expect(projected.body).toEqual([{ deviceId: "Device-1", fw: 1 }]);
  });

  it("answers a syntax error with 400 ArgumentInvalid naming the position", async () => {
    const res = await query("SELECT * FROM devices WHERE tags.building = ");
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe("ArgumentInvalid");
    expect(res.body.Message).toMatch(/line 1, column \d+/);
  });

  it("refuses a missing query, a bad page size and a bad continuation token", async () => {
    expect(errorCode((await hub.call("POST", "/devices/query", { body: {} })).body)).toBe("ArgumentInvalid");
    expect(errorCode((await query("SELECT * FROM devices", { "x-ms-max-item-count": "zero" })).body)).toBe("ArgumentInvalid");
    expect(errorCode((await query("SELECT * FROM devices", { "x-ms-continuation": "garbage!" })).body)).toBe("ArgumentInvalid");
  });

  it("answers FROM devices.jobs from the job engine as deviceJob items", async () => {
    const res = await query("SELECT * FROM devices.jobs");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ms-item-type")).toBe("deviceJob");
    expect(Array.isArray(res.body)).toBe(true);
  });
});

async function collectAll(text: string): Promise<any[]> {
  const all: any[] = [];
  let continuation: string | null = null;
  do {
    const res = await query(text, continuation ? { "x-ms-continuation": continuation } : {});
    all.push(...res.body);
    continuation = res.headers.get("x-ms-continuation");
  } while (continuation);
  return all;
}
