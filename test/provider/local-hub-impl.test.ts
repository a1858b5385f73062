// The local hub resource against the embedded emulator's admin API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub } from "../../src/emulator/start-hub.ts";
import { createClient } from "../../src/iothub/create-client.ts";
import * as impl from "../../src/provider/local-hub-impl.ts";

let running: Awaited<ReturnType<typeof startHub>>;
/** The emulator's request log, one line per request (`GET /_emulator/hubs/x 200 ... op=admin.hubs.get`). */
const requests: string[] = [];
beforeAll(async () => { running = await startHub({ port: 0, log: (line) => requests.push(line) }); });
afterAll(async () => { await running.close(); });

const inputs = () => ({ adminUrl: running.url, adminKey: running.adminKey, hubName: "local-hub-a", tier: "S1" });
const fleet = "apiVersion: hubjobs/v1\nkind: Fleet\ndevices:\n  - deviceId: Door-1\n    connected: true\n    tags: { Building: '43' }\n";
const hubNames = () => running.admin.listHubs().map((h) => h.name);

/** A hub with a fleet that the emulator already holds before any stack runs, as `npx hubjobs hub` starts one. */
async function hubStartedElsewhere(hubName: string) {
  const hub = running.admin.createHub(hubName, { tier: "S1" }).hub;
  running.admin.loadFleet(hubName, fleet);
  const client = await createClient({ hostName: hub.hostName, endpoint: hub.endpoint, auth: "sas", connectionString: hub.connectionString });
  return { client, twin: await client.getTwin("Door-1") };
}

describe("local hub provider", () => {
  it("creates a hub whose connection string works, and adopts it on a second create", async () => {
    const { id, outs } = await impl.create(inputs());
    expect(id).toBe("local-hub-a");
    expect(outs).toMatchObject({ hubName: "local-hub-a", tier: "S1", endpoint: running.url, createdByStack: true });
    expect(outs.connectionString).toMatch(/^HostName=[^;]+;SharedAccessKeyName=\w+;SharedAccessKey=/);
    const client = await createClient({ hostName: outs.hostName, endpoint: outs.endpoint, auth: "sas", connectionString: outs.connectionString });
    expect(await client.listJobs()).toEqual([]);
    const again = await impl.create(inputs());
    expect(again.outs).toEqual({ ...outs, createdByStack: false });
  });

  it("deletes the hub, and deleting it again is not an error", async () => {
    const { outs } = await impl.create({ ...inputs(), hubName: "local-hub-b" });
    await impl.remove("local-hub-b", outs);
    const client = await createClient({ hostName: outs.hostName, endpoint: outs.endpoint, auth: "sas", connectionString: outs.connectionString }, { retry: { deadlineMs: 0 } });
    await expect(client.listJobs()).rejects.toMatchObject({ status: expect.any(Number) });
    await impl.remove("local-hub-b", outs);
  });

  it("leaves a hub it adopted as it was found on delete, devices and all", async () => {
    const { client, twin } = await hubStartedElsewhere("local-hub-adopted");
    const { outs } = await impl.create({ ...inputs(), hubName: "local-hub-adopted", fleet });
    expect(outs.createdByStack).toBe(false);
    await impl.remove("local-hub-adopted", outs);
    expect(hubNames()).toContain("local-hub-adopted");
    expect(await client.getTwin("Door-1")).toEqual(twin);
  });

  it("keeps a hub recorded before createdByStack existed on delete: it cannot prove it created it", async () => {
    const { outs } = await impl.create({ ...inputs(), hubName: "local-hub-old-state" });
    const { createdByStack, ...oldState } = outs;
    expect(createdByStack).toBe(true);
    await impl.remove("local-hub-old-state", oldState);
    expect(hubNames()).toContain("local-hub-old-state");
  });

  it("keeps createdByStack through an update, and takes a hub the emulator lost and the update made again", async () => {
    const adoptedInputs = { ...inputs(), hubName: "local-hub-upd-adopted" };
    await hubStartedElsewhere(adoptedInputs.hubName);
    const adopted = await impl.create(adoptedInputs);
    expect((await impl.update(adoptedInputs.hubName, adopted.outs, { ...adoptedInputs, tier: "S2" })).outs).toMatchObject({ tier: "S2", createdByStack: false });
    const createdInputs = { ...inputs(), hubName: "local-hub-upd-created" };
    const created = await impl.create(createdInputs);
    expect((await impl.update(createdInputs.hubName, created.outs, { ...createdInputs, tier: "S2" })).outs).toMatchObject({ tier: "S2", createdByStack: true });
    running.admin.deleteHub(adoptedInputs.hubName);
    expect((await impl.update(adoptedInputs.hubName, adopted.outs, adoptedInputs)).outs.createdByStack).toBe(true);
  });

  it("fails with a clear message on a wrong admin key or an unreachable emulator, without echoing the key", async () => {
    const wrong = await impl.create({ ...inputs(), adminKey: "not-the-key" }).catch((e) => e);
    expect(wrong).toBeInstanceOf(impl.EmulatorAdminError);
    expect(wrong.status).toBe(401);
    expect(wrong.message).not.toContain("not-the-key");
    // The emulator's error body is read (status, code, message), not echoed raw.
    expect(wrong.message).toContain("401 IotHubUnauthorizedAccess: ");
    const down = await impl.create({ ...inputs(), adminUrl: "http://127.0.0.1:1" }).catch((e) => e);
    expect(down).toMatchObject({ code: "EmulatorAdminFailed", status: 0 });
    expect(down.message).toContain("not reachable");
  });

  it("diff replaces on name or emulator change and updates on tier change", () => {
    const outs = { ...inputs(), hostName: "h.localhost", endpoint: running.url, connectionString: "x", tier: "S1" };
    // State from before createdByStack was recorded (as `outs` here) and state with it: no change either way.
    expect(impl.diff("x", outs, inputs())).toMatchObject({ changes: false, replaces: [] });
    expect(impl.diff("x", { ...outs, createdByStack: false }, inputs())).toMatchObject({ changes: false, replaces: [] });
    expect(impl.diff("x", outs, { ...inputs(), hubName: "other-hub" })).toMatchObject({ changes: true, replaces: ["hubName"], deleteBeforeReplace: true });
    expect(impl.diff("x", outs, { ...inputs(), tier: "S3" })).toMatchObject({ changes: true, replaces: [] });
  });

  it("check reports each bad property", () => {
    const { failures } = impl.check({}, { adminUrl: "ftp://x", adminKey: "", hubName: "x" });
    expect(failures?.map((f) => f.property).sort()).toEqual(["adminKey", "adminUrl", "hubName"]);
  });
});

describe("local hub refresh (read)", () => {
  it("reads the hub as the emulator holds it, with GETs only, and returns the recorded state unchanged", async () => {
    const { outs } = await impl.create({ ...inputs(), hubName: "local-hub-read", fleet });
    const mark = requests.length;
    expect(await impl.read("local-hub-read", outs)).toEqual({ id: "local-hub-read", props: outs });
    // State from before createdByStack was recorded stays without it: refresh shows no change.
    const { createdByStack: _, ...oldState } = outs;
    expect(await impl.read("local-hub-read", oldState)).toEqual({ id: "local-hub-read", props: oldState });
    const made = requests.slice(mark);
    expect(made).toHaveLength(2);
    for (const line of made) expect(line).toMatch(/^GET \/_emulator\/hubs\/local-hub-read /);
  });

  it("reports a hub the emulator lost as gone and does not make it again", async () => {
    const { outs } = await impl.create({ ...inputs(), hubName: "local-hub-lost" });
    running.admin.deleteHub("local-hub-lost");
    const mark = requests.length;
    expect(await impl.read("local-hub-lost", outs)).toEqual({});
    expect(hubNames()).not.toContain("local-hub-lost");
    expect(requests.slice(mark).map((line) => line.split(" ")[0])).toEqual(["GET"]);
  });

  it("records what the emulator holds now when it differs from state", async () => {
    const { outs } = await impl.create({ ...inputs(), hubName: "local-hub-drift" });
    running.admin.createHub("local-hub-drift", { tier: "S3" });
    expect((await impl.read("local-hub-drift", outs)).props).toEqual({ ...outs, tier: "S3" });
  });
});

describe("local hub fleet", () => {
  it("seeds the fleet on create and keeps existing devices on a re-apply", async () => {
    const { outs } = await impl.create({ ...inputs(), hubName: "local-hub-fleet", fleet });
    const client = await createClient({ hostName: outs.hostName, endpoint: outs.endpoint, auth: "sas", connectionString: outs.connectionString });
    expect(await client.getTwin("Door-1")).toMatchObject({ deviceId: "Door-1", tags: { Building: "43" } });
    const twinBefore = await client.getTwin("Door-1");
    await impl.update("local-hub-fleet", outs, { ...inputs(), hubName: "local-hub-fleet", fleet });
    expect((await client.getTwin("Door-1")).etag).toBe(twinBefore.etag);
  });
});

describe("findLocalHub", () => {
  it("answers the hub the emulator holds, and undefined for a name it does not hold", async () => {
    await impl.create({ ...inputs(), hubName: "local-hub-found" });
    const found = await impl.findLocalHub({ ...inputs(), hubName: "local-hub-found" });
    expect(found).toMatchObject({ name: "local-hub-found", endpoint: running.url });
    expect(found?.connectionString).toMatch(/^HostName=[^;]+;SharedAccessKeyName=iothubowner;SharedAccessKey=/);
    expect(await impl.findLocalHub({ ...inputs(), hubName: "local-hub-never-made" })).toBeUndefined();
  });

  it("refuses with the emulator's reason when the admin key is wrong", async () => {
    await expect(impl.findLocalHub({ ...inputs(), adminKey: "wrong" })).rejects.toMatchObject({ name: "EmulatorAdminError", status: 401 });
  });

  it("gives up on an emulator that never answers, after its timeout", async () => {
    const { createServer } = await import("node:net");
    const sockets: import("node:net").Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket)); // accepts connections, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      await expect(impl.findLocalHub({ ...inputs(), adminUrl: `http://127.0.0.1:${port}` }, 200)).rejects.toMatchObject({ name: "EmulatorAdminError", status: 0 });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
