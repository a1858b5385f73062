// The registry's answers checked field by field against the service's OpenAPI (api-version
// 2021-04-12): Device and Twin property names and casing, dates as ISO 8601 strings, etags
// unquoted in bodies and quoted in the ETag header, and the registry list `GET /devices?top=`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, nextName, startTestHub, type TestHub } from "../helpers.ts";

// Property names of the OpenAPI definitions (iothub-service-api-2021-04-12.json).
const DEVICE_PROPERTIES = [
  "deviceId", "generationId", "etag", "connectionState", "status", "statusReason", "connectionStateUpdatedTime",
  "statusUpdatedTime", "lastActivityTime", "cloudToDeviceMessageCount", "authentication", "capabilities",
  "deviceScope", "parentScopes",
];
const TWIN_PROPERTIES = [
  "deviceId", "moduleId", "tags", "properties", "etag", "version", "deviceEtag", "status", "statusReason",
  "statusUpdateTime", "connectionState", "lastActivityTime", "cloudToDeviceMessageCount", "authenticationType",
  "x509Thumbprint", "capabilities", "deviceScope", "parentScopes",
  // Not in the 2021-04-12 definition, but sent by the service on every twin (IoT Plug and Play model id).
  "modelId",
];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

let hub: TestHub;
beforeAll(async () => { hub = await startTestHub(); });
afterAll(async () => { await hub.close(); });

async function newDevice(body: Record<string, unknown> = {}): Promise<any> {
  const id = nextName("shape");
  const res = await hub.call("PUT", `/devices/${id}`, { body: { deviceId: id, ...body } });
  expect(res.status).toBe(200);
  return res.body;
}

describe("Device (GET /devices/{id})", () => {
  it("uses only the definition's property names, with ISO dates and an unquoted body etag", async () => {
    const created = await newDevice();
    const res = await hub.call("GET", `/devices/${created.deviceId}`);
    expect(res.status).toBe(200);
    for (const key of Object.keys(res.body)) expect(DEVICE_PROPERTIES).toContain(key);
    for (const key of ["connectionStateUpdatedTime", "statusUpdatedTime", "lastActivityTime"]) expect(res.body[key]).toMatch(ISO);
    expect(Object.keys(res.body.authentication).sort()).toEqual(["symmetricKey", "type", "x509Thumbprint"]);
    expect(res.body.etag).not.toMatch(/"/);
    expect(res.headers.get("etag")).toBe(`"${res.body.etag}"`);
  });
});

describe("Twin (GET /twins/{id})", () => {
  it("uses only the definition's property names, and statusReason only when the device has one", async () => {
    const created = await newDevice();
    const plain = await hub.call("GET", `/twins/${created.deviceId}`);
    for (const key of Object.keys(plain.body)) expect(TWIN_PROPERTIES).toContain(key);
    expect(plain.body).not.toHaveProperty("statusReason");
    expect(plain.body.statusUpdateTime).toMatch(ISO);
    expect(plain.body.lastActivityTime).toMatch(ISO);
    expect(plain.body.properties.desired.$metadata.$lastUpdated).toMatch(ISO);
    // Twin etags are base64 of the 64-bit version, unquoted in the body, quoted in the header.
    expect(Buffer.from(plain.body.etag, "base64").readBigUInt64BE()).toBe(BigInt(plain.body.version));
    expect(plain.headers.get("etag")).toBe(`"${plain.body.etag}"`);

    const disabled = await newDevice({ status: "disabled", statusReason: "maintenance" });
    const twin = await hub.call("GET", `/twins/${disabled.deviceId}`);
    expect(twin.body).toMatchObject({ status: "disabled", statusReason: "maintenance" });
  });
});

describe("registry list (GET /devices)", () => {
  it("answers a bare array of Device identities, at most `top`, without paging headers", async () => {
    const lister = await startTestHub();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const id = nextName("listed");
        expect((await lister.call("PUT", `/devices/${id}`, { body: { deviceId: id } })).status).toBe(200);
        ids.push(id);
      }
      const all = await lister.call("GET", "/devices");
      expect(all.status).toBe(200);
      expect(all.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(all.headers.get("x-ms-continuation")).toBeNull();
      expect(all.body.map((d: any) => d.deviceId)).toEqual(ids);
      const single = await lister.call("GET", `/devices/${ids[0]}`);
      expect(all.body[0]).toEqual(single.body);

      expect((await lister.call("GET", "/devices?top=2")).body.map((d: any) => d.deviceId)).toEqual(ids.slice(0, 2));
      // "Any value outside the range of 1-1000 is considered to be 1000."
      expect((await lister.call("GET", "/devices?top=0")).body).toHaveLength(3);
      expect((await lister.call("GET", "/devices?top=5000")).body).toHaveLength(3);
      // The Node SDK's registry.list() asks for `/devices/` with a trailing slash.
      expect((await lister.call("GET", "/devices/")).body).toHaveLength(3);
    } finally {
      await lister.close();
    }
  });

  it("needs RegistryRead: registryRead may list, service and device may not", async () => {
    expect((await hub.call("GET", "/devices", { policy: "registryRead" })).status).toBe(200);
    for (const policy of ["service", "device"]) {
      const res = await hub.call("GET", "/devices", { policy });
      expect(res.status).toBe(401);
      expect(errorCode(res.body)).toBe("IotHubUnauthorizedAccess");
    }
  });
});
