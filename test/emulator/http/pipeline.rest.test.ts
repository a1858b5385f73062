import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSas } from "../../../src/iothub/sas.ts";
import { errorCode, rawRequest, startTestHub, type TestHub } from "../helpers.ts";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  hub.admin.createHub("second", { hostName: "second.example.test" });
  hub.admin.loadFleet(hub.hubName, { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "Device-1" }] });
  hub.admin.loadFleet("second", { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "Only-In-Second" }] });
});
afterAll(async () => { await hub.close(); });

describe("api-version", () => {
  it("is required on service routes", async () => {
    const res = await hub.call("GET", "/twins/Device-1", { noApiVersion: true });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe("InvalidProtocolVersion");
  });
  it("must be a version the service knows", async () => {
    const res = await hub.call("GET", "/twins/Device-1?api-version=1999-01-01", { noApiVersion: true });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe("InvalidProtocolVersion");
    expect((await hub.call("GET", "/twins/Device-1?api-version=2020-09-30", { noApiVersion: true })).status).toBe(200);
  });
});

describe("SAS authentication", () => {
  const unauthorized = async (options: Parameters<TestHub["call"]>[2], code = "IotHubUnauthorizedAccess") => {
    const res = await hub.call("GET", "/twins/Device-1", options);
    expect(res.status).toBe(401);
    expect(errorCode(res.body)).toBe(code);
    expect(Object.keys(res.body).sort()).toEqual(["ExceptionMessage", "Message"]);
  };

  it("accepts a token signed with the policy key for the hub host name", async () => {
    expect((await hub.call("GET", "/twins/Device-1")).status).toBe(200);
  });
  it("accepts the secondary key too", async () => {
    const p = hub.admin.getHub(hub.hubName).policies.find((x) => x.keyName === "service")!;
    const token = signSas({ resourceUri: hub.hostName, keyName: "service", key: p.secondaryKey, expiry: Math.floor(Date.now() / 1000) + 60 });
    expect((await hub.call("GET", "/twins/Device-1", { headers: { authorization: token } })).status).toBe(200);
  });
  it("refuses a request without Authorization", () => unauthorized({ policy: null }));
  it("refuses an expired token", () => unauthorized({ expiry: Math.floor(Date.now() / 1000) - 1 }));
  it("refuses a token for another resource", async () => {
    // Several hubs are hosted and the token names none of them.
    await unauthorized({ signFor: "other.localhost" }, "IotHubNotFound");
    // The Host header names this hub, but the token was signed for another.
    const token = hub.sas("iothubowner").replace(`sr=${hub.hostName}`, "sr=other.localhost");
    const res = await rawRequest(`${hub.url}/twins/Device-1?api-version=2021-04-12`, { headers: { authorization: token, host: hub.hostName } });
    expect(res.status).toBe(401);
    expect(errorCode(res.body)).toBe("IotHubUnauthorizedAccess");
  });
  it("refuses a wrong signature", async () => {
    const p = hub.admin.getHub(hub.hubName).policies.find((x) => x.keyName === "iothubowner")!;
    const other = hub.admin.getHub("second").policies.find((x) => x.keyName === "iothubowner")!;
    expect(other.primaryKey).not.toBe(p.primaryKey);
    await unauthorized({ headers: { authorization: signSas({ resourceUri: hub.hostName, keyName: "iothubowner", key: other.primaryKey, expiry: Math.floor(Date.now() / 1000) + 60 }) } });
  });
  it("refuses an unknown policy name", async () => {
    const p = hub.admin.getHub(hub.hubName).policies.find((x) => x.keyName === "iothubowner")!;
    await unauthorized({ headers: { authorization: signSas({ resourceUri: hub.hostName, keyName: "nosuchpolicy", key: p.primaryKey, expiry: Math.floor(Date.now() / 1000) + 60 }) } });
  });
  it("refuses a malformed token", () => unauthorized({ headers: { authorization: "SharedAccessSignature garbage" } }));

  it("checks the policy's rights per route", async () => {
    // device policy: DeviceConnect only.
    expect((await hub.call("GET", "/twins/Device-1", { policy: "device" })).status).toBe(401);
    // registryRead: read the registry and query, but not write it nor use service endpoints.
    expect((await hub.call("GET", "/devices/Device-1", { policy: "registryRead" })).status).toBe(200);
    expect((await hub.call("POST", "/devices/query", { policy: "registryRead", body: { query: "SELECT * FROM devices" } })).status).toBe(200);
    expect((await hub.call("PUT", "/devices/rr-1", { policy: "registryRead", body: {} })).status).toBe(401);
    expect((await hub.call("GET", "/twins/Device-1", { policy: "registryRead" })).status).toBe(401);
    // registryReadWrite writes the registry; service reaches twins and methods but not the registry.
    expect((await hub.call("PUT", "/devices/rrw-1", { policy: "registryReadWrite", body: {} })).status).toBe(200);
    expect((await hub.call("GET", "/twins/Device-1", { policy: "service" })).status).toBe(200);
    expect((await hub.call("GET", "/devices/Device-1", { policy: "service" })).status).toBe(401);
  });
});

describe("hub resolution", () => {
  it("picks the hub from the Host header, then from the token's resource", async () => {
    const token = hub.sas("iothubowner", "second");
    const byHost = await rawRequest(`${hub.url}/twins/Only-In-Second?api-version=2021-04-12`, { headers: { authorization: token, host: "second.example.test:443" } });
    expect(byHost.status).toBe(200);
    // The Host header wins over the token: a token of the second hub sent to the first hub's host fails.
    const crossed = await rawRequest(`${hub.url}/twins/Only-In-Second?api-version=2021-04-12`, { headers: { authorization: token, host: hub.hostName } });
    expect(crossed.status).toBe(401);
    // Host header names no hub (it is the IP): the token's sr decides.
    const byToken = await hub.call("GET", "/twins/Only-In-Second", { hub: "second" });
    expect(byToken.status).toBe(200);
    // Signed for the first hub: the device of the second hub is not there.
    expect((await hub.call("GET", "/twins/Only-In-Second")).status).toBe(404);
  });
});

describe("routing and bodies", () => {
  it("answers unknown routes with 404 and known routes with another method with 405", async () => {
    const unknown = await hub.call("GET", "/nothing/here");
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown.body)).toBe("GenericNotFound");
    expect(unknown.headers.get("iothub-errorcode")).toBe("GenericNotFound");
    const res = await hub.call("DELETE", "/twins/Device-1");
    expect(res.status).toBe(405);
    expect(res.body.Message).toMatch(/^ErrorCode:GenericMethodNotAllowed;/);
    expect(Object.keys(res.body).sort()).toEqual(["ExceptionMessage", "Message"]);
  });
  it("treats the service's path words case-insensitively", async () => {
    expect((await hub.call("GET", "/Twins/Device-1")).status).toBe(200);
  });
});

describe("Entra bearer tokens", () => {
  const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
  const exp = () => Math.floor(Date.now() / 1000) + 600;

  it("are refused unless the hub was started to accept them", async () => {
    const res = await hub.call("GET", "/twins/Device-1", { policy: null, headers: { authorization: `Bearer ${jwt({ aud: "https://iothubs.azure.net", exp: exp() })}` } });
    expect(res.status).toBe(401);
  });

  it("are accepted for the IoT Hub audience when enabled, and refused otherwise", async () => {
    const entra = await startTestHub({ acceptBearerTokens: true });
    try {
      entra.admin.loadFleet(entra.hubName, { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "Device-1" }] });
      const call = (token: string) => entra.call("GET", "/twins/Device-1", { policy: null, headers: { authorization: `Bearer ${token}` } });
      expect((await call(jwt({ aud: "https://iothubs.azure.net", exp: exp() }))).status).toBe(200);
      expect((await call(jwt({ aud: "https://management.azure.com", exp: exp() }))).status).toBe(401);
      expect((await call(jwt({ aud: "https://iothubs.azure.net", exp: 1000 }))).status).toBe(401);
      expect((await call("not-a-jwt")).status).toBe(401);
    } finally {
      await entra.close();
    }
  });
});
