import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, nextName, startTestHub, type TestHub } from "../helpers.ts";

let hub: TestHub;
beforeAll(async () => { hub = await startTestHub(); });
afterAll(async () => { await hub.close(); });

async function newDevice(): Promise<string> {
  const id = nextName("twin");
  await hub.call("PUT", `/devices/${id}`, { body: { deviceId: id } });
  return id;
}

describe("twin routes", () => {
  it("GET answers the twin with its etag in the body and the ETag header", async () => {
    const id = await newDevice();
    const res = await hub.call("GET", `/twins/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.deviceId).toBe(id);
    expect(res.body.version).toBe(1);
    expect(res.body.tags).toEqual({});
    expect(res.body.properties.desired.$version).toBe(1);
    expect(res.headers.get("etag")).toBe(`"${res.body.etag}"`);
  });

  it("PATCH merges tags and desired properties, null deletes, and versions move", async () => {
    const id = await newDevice();
    const first = await hub.call("PATCH", `/twins/${id}`, { body: { tags: { building: "43", floor: "3" }, properties: { desired: { a: { x: 1, y: 2 } } } } });
    expect(first.status).toBe(200);
    expect(first.body.tags).toEqual({ building: "43", floor: "3" });
    expect(first.body.properties.desired.a).toEqual({ x: 1, y: 2 });
    const second = await hub.call("PATCH", `/twins/${id}`, {
      body: { tags: { floor: null }, properties: { desired: { a: { y: null, z: 3 } } } },
      headers: { "if-match": `"${first.body.etag}"` },
    });
    expect(second.body.tags).toEqual({ building: "43" });
    expect(second.body.properties.desired.a).toEqual({ x: 1, z: 3 });
    expect(second.body.version).toBe(first.body.version + 1);
    expect(second.body.properties.desired.$version).toBe(first.body.properties.desired.$version + 1);
    expect(second.body.etag).not.toBe(first.body.etag);
    expect(second.body.properties.desired.$metadata.a.$lastUpdatedVersion).toBe(second.body.properties.desired.$version);
  });

  it("PATCH with a stale etag answers 412 PreconditionFailed and changes nothing", async () => {
    const id = await newDevice();
    const before = await hub.call("GET", `/twins/${id}`);
    await hub.call("PATCH", `/twins/${id}`, { body: { tags: { a: 1 } } });
    const stale = await hub.call("PATCH", `/twins/${id}`, { body: { tags: { a: 2 } }, headers: { "if-match": `"${before.body.etag}"` } });
    expect(stale.status).toBe(412);
    expect(errorCode(stale.body)).toBe("PreconditionFailed");
    expect((await hub.call("GET", `/twins/${id}`)).body.tags).toEqual({ a: 1 });
  });

  it("PUT replaces tags and desired properties but keeps reported ones", async () => {
    const id = await newDevice();
    hub.admin.simulateDevice(hub.hubName, id, { reported: { fw: 2 } });
    await hub.call("PATCH", `/twins/${id}`, { body: { tags: { old: 1 }, properties: { desired: { keep: false } } } });
    const replaced = await hub.call("PUT", `/twins/${id}`, { body: { tags: { fresh: true } }, headers: { "if-match": '"*"' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.tags).toEqual({ fresh: true });
    expect(replaced.body.properties.desired.keep).toBeUndefined();
    expect(replaced.body.properties.reported.fw).toBe(2);
  });

  it("refuses reported properties from the service side", async () => {
    const id = await newDevice();
    const res = await hub.call("PATCH", `/twins/${id}`, { body: { properties: { reported: { x: 1 } } } });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe("ArgumentInvalid");
  });

  it.each([
    ["a key with a dot", { tags: { "a.b": 1 } }],
    ["a key with $", { tags: { $x: 1 } }],
    ["a key with a space", { properties: { desired: { "a b": 1 } } }],
    ["a key with a control character", { tags: { "a\u0001": 1 } }],
    ["a key over 1 KB", { tags: { ["k".repeat(1025)]: 1 } }],
    ["nesting deeper than 10 levels", { tags: nest(11) }],
    ["a value over 4 KB", { tags: { big: "v".repeat(4 * 1024) } }],
    ["tags over 8 KB", { tags: Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`k${i}`, "v".repeat(3000)])) }],
    ["desired over 32 KB", { properties: { desired: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, "v".repeat(3000)])) } }],
  ])("refuses %s with 400 ArgumentInvalid", async (_name, body) => {
    const id = await newDevice();
    const res = await hub.call("PATCH", `/twins/${id}`, { body });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe("ArgumentInvalid");
    expect((await hub.call("GET", `/twins/${id}`)).body.version).toBe(1);
  });

  it("accepts exactly 10 levels of nesting", async () => {
    const id = await newDevice();
    expect((await hub.call("PATCH", `/twins/${id}`, { body: { tags: nest(10) } })).status).toBe(200);
  });

  it("answers 404 DeviceNotFound for an unknown twin", async () => {
    for (const method of ["GET", "PATCH", "PUT"]) {
      const res = await hub.call(method, `/twins/missing-device`, method === "GET" ? {} : { body: { tags: {} } });
      expect(res.status).toBe(404);
      expect(errorCode(res.body)).toBe("DeviceNotFound");
    }
  });
});

function nest(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) v = { [`l${i}`]: v };
  return v;
}
