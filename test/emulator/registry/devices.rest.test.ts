import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, nextName, startTestHub, type TestHub } from "../helpers.ts";

let hub: TestHub;
beforeAll(async () => { hub = await startTestHub(); });
afterAll(async () => { await hub.close(); });

describe("device identity routes", () => {
  it("creates a device with generated keys, an etag header and the JSON content type", async () => {
    const id = nextName("dev");
    const res = await hub.call("PUT", `/devices/${id}`, { body: { deviceId: id } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.body.deviceId).toBe(id);
    expect(res.body.status).toBe("enabled");
    expect(res.body.connectionState).toBe("Disconnected");
    expect(res.body.authentication.type).toBe("sas");
    expect(Buffer.from(res.body.authentication.symmetricKey.primaryKey, "base64")).toHaveLength(32);
    expect(res.headers.get("etag")).toBe(`"${res.body.etag}"`);

    const got = await hub.call("GET", `/devices/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it("refuses to create a device twice with 409 DeviceAlreadyExists", async () => {
    const id = nextName("dev");
    await hub.call("PUT", `/devices/${id}`, { body: { deviceId: id } });
    const again = await hub.call("PUT", `/devices/${id}`, { body: { deviceId: id } });
    expect(again.status).toBe(409);
    expect(errorCode(again.body)).toBe("DeviceAlreadyExists");
    expect(again.headers.get("iothub-errorcode")).toBe("DeviceAlreadyExists");
    expect(again.body.ExceptionMessage).toMatch(/^Tracking ID:[0-9A-F]+-G:0-TimeStamp:\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
  });

  it("updates with If-Match: the current etag or *, and answers 412 on a stale etag", async () => {
    const id = nextName("dev");
    const created = await hub.call("PUT", `/devices/${id}`, { body: { deviceId: id } });
    const stale = await hub.call("PUT", `/devices/${id}`, { body: { deviceId: id, status: "disabled" }, headers: { "if-match": '"nope"' } });
    expect(stale.status).toBe(412);
    expect(errorCode(stale.body)).toBe("PreconditionFailed");
    const updated = await hub.call("PUT", `/devices/${id}`, { body: { deviceId: id, status: "disabled", statusReason: "maintenance" }, headers: { "if-match": `"${created.body.etag}"` } });
    expect(updated.status).toBe(200);
    expect(updated.body.status).toBe("disabled");
    expect(updated.body.statusReason).toBe("maintenance");
    expect(updated.body.etag).not.toBe(created.body.etag);
    const star = await hub.call("PUT", `/devices/${id}`, { body: { deviceId: id, status: "enabled" }, headers: { "if-match": "*" } });
    expect(star.body.status).toBe("enabled");
    // The Node SDK quotes the star: `If-Match: "*"` means any etag too.
    const quotedStar = await hub.call("PUT", `/devices/${id}`, { body: { deviceId: id, status: "disabled" }, headers: { "if-match": '"*"' } });
    expect(quotedStar.status).toBe(200);
    expect(quotedStar.body.status).toBe("disabled");
  });

  it("deletes with If-Match and then answers 404 DeviceNotFound", async () => {
    const id = nextName("dev");
    const created = await hub.call("PUT", `/devices/${id}`, { body: { deviceId: id } });
    expect((await hub.call("DELETE", `/devices/${id}`, { headers: { "if-match": '"stale"' } })).status).toBe(412);
    const del = await hub.call("DELETE", `/devices/${id}`, { headers: { "if-match": `"${created.body.etag}"` } });
    const other = nextName("dev");
    await hub.call("PUT", `/devices/${other}`, { body: { deviceId: other } });
    expect((await hub.call("DELETE", `/devices/${other}`, { headers: { "if-match": '"*"' } })).status).toBe(204);
    expect(del.status).toBe(204);
    expect(del.body).toBeUndefined();
    const gone = await hub.call("GET", `/devices/${id}`);
    expect(gone.status).toBe(404);
    expect(errorCode(gone.body)).toBe("DeviceNotFound");
    expect((await hub.call("DELETE", `/devices/${id}`, { headers: { "if-match": "*" } })).status).toBe(404);
  });

  it("rejects invalid ids, mismatched body ids and bad keys with 400 ArgumentInvalid", async () => {
    const bad = await hub.call("PUT", `/devices/${encodeURIComponent("has space")}`, { body: {} });
    expect(bad.status).toBe(400);
    expect(errorCode(bad.body)).toBe("ArgumentInvalid");
    const id = nextName("dev");
    const mismatch = await hub.call("PUT", `/devices/${id}`, { body: { deviceId: "other" } });
    expect(errorCode(mismatch.body)).toBe("ArgumentInvalid");
    const key = await hub.call("PUT", `/devices/${id}`, { body: { deviceId: id, authentication: { symmetricKey: { primaryKey: "short" } } } });
    expect(errorCode(key.body)).toBe("ArgumentInvalid");
    const notJson = await hub.call("PUT", `/devices/${id}`, { body: "{not json" });
    expect(notJson.status).toBe(400);
    expect(errorCode(notJson.body)).toBe("ArgumentInvalid");
  });

  it("keeps device ids with the service's special characters intact", async () => {
    const id = `odd:id+${nextName("x")}(1)'@`;
    const res = await hub.call("PUT", `/devices/${encodeURIComponent(id)}`, { body: { deviceId: id } });
    expect(res.status).toBe(200);
    expect((await hub.call("GET", `/devices/${encodeURIComponent(id)}`)).body.deviceId).toBe(id);
  });
});
