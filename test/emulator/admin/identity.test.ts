// GET /_emulator/identity: which emulator answers (pid, data directory), readable without the admin
// key, so a clone that does not own the hub on the port can say whose it is.
import { mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startHub, type RunningHub } from "../../../src/emulator/start-hub.ts";

let hub: RunningHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

describe("GET /_emulator/identity", () => {
  it("names the process and the absolute data directory, without the admin key", async () => {
    const dataDir = realpathSync(mkdtempSync(path.join(tmpdir(), "hubjobs-identity-")));
    hub = await startHub({ port: 0, dataDir, adminKey: "identity-test-key" });
    const res = await fetch(`${hub.url}/_emulator/identity`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ service: "hubjobs-emulator", pid: process.pid, dataDir });
  });

  it("says null for a hub kept in memory", async () => {
    hub = await startHub({ port: 0, adminKey: "identity-test-key" });
    expect(await (await fetch(`${hub.url}/_emulator/identity`)).json()).toMatchObject({ dataDir: null });
  });

  it("opens nothing else: the other admin routes and other methods still need the key", async () => {
    hub = await startHub({ port: 0, adminKey: "identity-test-key" });
    expect((await fetch(`${hub.url}/_emulator/hubs`)).status).toBe(401);
    expect((await fetch(`${hub.url}/_emulator/identity`, { method: "POST" })).status).toBe(401);
    expect((await fetch(`${hub.url}/_emulator/hubs`, { headers: { Authorization: "Bearer identity-test-key" } })).status).toBe(200);
  });
});
