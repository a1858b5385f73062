import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { errorCode, nextName, startTestHub, type TestHub } from "../helpers.ts";

let hub: TestHub;
beforeAll(async () => { hub = await startTestHub(); });
afterAll(async () => { await hub.close(); });

describe("admin API", () => {
  it("needs the admin key as a bearer token", async () => {
    const none = await fetch(`${hub.url}/_emulator/hubs`);
    expect(none.status).toBe(401);
    const wrong = await fetch(`${hub.url}/_emulator/hubs`, { headers: { authorization: "Bearer not-the-key" } });
    expect(wrong.status).toBe(401);
    // A SAS token of a hub is not an admin credential.
    const sas = await fetch(`${hub.url}/_emulator/hubs`, { headers: { authorization: hub.sas() } });
    expect(sas.status).toBe(401);
  });

  it("creates a hub (201), adopts it again (200) with the same keys, and lists it", async () => {
    const name = nextName("hub");
    const created = await hub.adminCall("PUT", `/hubs/${name}`, { tier: "S2" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, hostName: `${name}.localhost`, tier: "S2", endpoint: hub.url });
    expect(created.body.policies.map((p: { keyName: string }) => p.keyName)).toEqual(["iothubowner", "service", "device", "registryRead", "registryReadWrite"]);
    const owner = created.body.policies[0];
    expect(created.body.connectionString).toBe(`HostName=${name}.localhost;SharedAccessKeyName=iothubowner;SharedAccessKey=${owner.primaryKey}`);
    const again = await hub.adminCall("PUT", `/hubs/${name}`, {});
    expect(again.status).toBe(200);
    expect(again.body.connectionString).toBe(created.body.connectionString);
    expect(again.body.tier).toBe("S2");
    const list = await hub.adminCall("GET", "/hubs");
    expect(list.body.map((h: { name: string }) => h.name)).toContain(name);
    expect((await hub.adminCall("GET", `/hubs/${name}`)).body.name).toBe(name);
  });

  it("the new hub answers service calls signed with its own keys", async () => {
    const name = nextName("hub");
    await hub.adminCall("PUT", `/hubs/${name}`, { hostName: `${name}.example.test` });
    const res = await hub.call("PUT", "/devices/in-new-hub", { hub: name, body: {} });
    expect(res.status).toBe(200);
    expect((await hub.call("GET", "/devices/in-new-hub", { hub: name })).status).toBe(200);
    expect((await hub.call("GET", "/devices/in-new-hub")).status).toBe(404);
  });

  it("refuses bad tiers, names and a host name another hub uses", async () => {
    expect(errorCode((await hub.adminCall("PUT", `/hubs/${nextName("hub")}`, { tier: "S9" })).body)).toBe("ArgumentInvalid");
    expect((await hub.adminCall("PUT", "/hubs/x", {})).status).toBe(400);
    const taken = await hub.adminCall("PUT", `/hubs/${nextName("hub")}`, { hostName: hub.hostName });
    expect(taken.status).toBe(409);
  });

  it("deletes a hub with its devices; then it is 404", async () => {
    const name = nextName("hub");
    await hub.adminCall("PUT", `/hubs/${name}`, {});
    await hub.call("PUT", "/devices/doomed", { hub: name, body: {} });
    expect((await hub.adminCall("DELETE", `/hubs/${name}`)).status).toBe(204);
    expect((await hub.adminCall("GET", `/hubs/${name}`)).status).toBe(404);
    expect((await hub.adminCall("DELETE", `/hubs/${name}`)).status).toBe(404);
    // Re-created, it is empty.
    await hub.adminCall("PUT", `/hubs/${name}`, {});
    expect((await hub.call("GET", "/devices/doomed", { hub: name })).status).toBe(404);
  });

  it("loads a fleet sent as YAML text, and reports a bad one with 400", async () => {
    const name = nextName("hub");
    await hub.adminCall("PUT", `/hubs/${name}`, {});
    const yaml = readFileSync("fleets/dev.yaml", "utf8");
    const loaded = await hub.adminCall("PUT", `/hubs/${name}/fleet`, yaml, "application/yaml");
    expect(loaded.status).toBe(200);
    expect(loaded.body.created).toBeGreaterThan(5);
    const twin = await hub.call("GET", "/twins/Device-1", { hub: name });
    expect(twin.body.connectionState).toBe("Connected");
    const bad = await hub.adminCall("PUT", `/hubs/${name}/fleet`, "apiVersion: hubjobs/v1\nkind: Fleet\ndevices: 3\n", "application/yaml");
    expect(bad.status).toBe(400);
    expect(bad.body.Message).toMatch(/devices/);
  });

  it("reloading a fleet overwrites tags by default, and only seeds with ?overwrite=false", async () => {
    const name = nextName("hub");
    await hub.adminCall("PUT", `/hubs/${name}`, {});
    const fleet = (floor: string) => ({ apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "d", tags: { floor } }] });
    await hub.adminCall("PUT", `/hubs/${name}/fleet`, fleet("1"));
    await hub.adminCall("PUT", `/hubs/${name}/fleet?overwrite=false`, fleet("2"));
    expect((await hub.call("GET", "/twins/d", { hub: name })).body.tags.floor).toBe("1");
    await hub.adminCall("PUT", `/hubs/${name}/fleet`, fleet("3"));
    expect((await hub.call("GET", "/twins/d", { hub: name })).body.tags.floor).toBe("3");
  });

  it("answers unknown admin paths with 404", async () => {
    expect((await hub.adminCall("GET", "/nothing")).status).toBe(404);
  });
});
