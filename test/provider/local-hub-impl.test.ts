// The local hub resource against the embedded emulator's admin API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub } from "../../src/emulator/start-hub.ts";
import { createClient } from "../../src/iothub/create-client.ts";
import * as impl from "../../src/provider/local-hub-impl.ts";

let running: Awaited<ReturnType<typeof startHub>>;
beforeAll(async () => { running = await startHub({ port: 0 }); });
afterAll(async () => { await running.close(); });

const inputs = () => ({ adminUrl: running.url, adminKey: running.adminKey, hubName: "local-hub-a", tier: "S1" });

describe("local hub provider", () => {
  it("creates a hub whose connection string works, and adopts it on a second create", async () => {
    const { id, outs } = await impl.create(inputs());
    expect(id).toBe("local-hub-a");
    expect(outs).toMatchObject({ hubName: "local-hub-a", tier: "S1", endpoint: running.url });
    expect(outs.connectionString).toMatch(/^HostName=[^;]+;SharedAccessKeyName=\w+;SharedAccessKey=/);
    const client = await createClient({ hostName: outs.hostName, endpoint: outs.endpoint, auth: "sas", connectionString: outs.connectionString });
    expect(await client.listJobs()).toEqual([]);
    const again = await impl.create(inputs());
    expect(again.outs).toEqual(outs);
  });

  it("deletes the hub, and deleting it again is not an error", async () => {
    const { outs } = await impl.create({ ...inputs(), hubName: "local-hub-b" });
    await impl.remove("local-hub-b", outs);
    const client = await createClient({ hostName: outs.hostName, endpoint: outs.endpoint, auth: "sas", connectionString: outs.connectionString }, { retry: { deadlineMs: 0 } });
    await expect(client.listJobs()).rejects.toMatchObject({ status: expect.any(Number) });
    await impl.remove("local-hub-b", outs);
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
    expect(impl.diff("x", outs, inputs())).toMatchObject({ changes: false, replaces: [] });
    expect(impl.diff("x", outs, { ...inputs(), hubName: "other-hub" })).toMatchObject({ changes: true, replaces: ["hubName"], deleteBeforeReplace: true });
    expect(impl.diff("x", outs, { ...inputs(), tier: "S3" })).toMatchObject({ changes: true, replaces: [] });
  });

  it("check reports each bad property", () => {
    const { failures } = impl.check({}, { adminUrl: "ftp://x", adminKey: "", hubName: "x" });
    expect(failures?.map((f) => f.property).sort()).toEqual(["adminKey", "adminUrl", "hubName"]);
  });
});

describe("local hub fleet", () => {
  it("seeds the fleet on create and keeps existing devices on a re-apply", async () => {
    const fleet = "apiVersion: hubjobs/v1\nkind: Fleet\ndevices:\n  - deviceId: Door-1\n    connected: true\n    tags: { Building: '43' }\n";
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
