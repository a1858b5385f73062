// Whether npm start may use the hub that answers on the dev stack's port, judged against a real
// embedded hub: by the data directory it serves and by whether this clone's admin key opens it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hubOwnership, usingHubLine } from "../../scripts/lib/hub-ownership.ts";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";

describe("hubOwnership", () => {
  let root: string;
  let hub: RunningHub;
  const settingsFor = (clone: string, adminKeyInStack = false) => ({ url: hub.url, dataDir: path.join(root, clone, ".hubjobs", "emulator"), adminKeyInStack });

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "hubjobs-ownership-"));
    // The first clone's hub: its admin key is generated into its data directory.
    hub = await startHub({ port: 0, dataDir: path.join(root, "first", ".hubjobs", "emulator") });
  });
  afterAll(async () => {
    await hub?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("the clone whose data directory it serves: its own, opened by the key file there", async () => {
    const ownership = await hubOwnership(settingsFor("first"), {});
    expect(ownership).toMatchObject({ usable: true, own: true, keyChecked: true, identity: { pid: process.pid } });
    expect(usingHubLine(hub.url, ownership as Extract<typeof ownership, { usable: true }>)).toBe(`Using this clone's hub, already running at ${hub.url} (pid ${process.pid})`);
  });

  it("another clone without its key: not usable, and the hub says whose it is", async () => {
    expect(await hubOwnership(settingsFor("second"), {})).toEqual({
      usable: false, own: false, keySource: undefined,
      identity: { service: "hubjobs-emulator", pid: process.pid, dataDir: path.join(root, "first", ".hubjobs", "emulator") },
    });
  });

  it("another clone whose HUBJOBS_ADMIN_KEY opens it: usable, said to be another's", async () => {
    const ownership = await hubOwnership(settingsFor("second"), { HUBJOBS_ADMIN_KEY: hub.adminKey });
    expect(ownership).toMatchObject({ usable: true, own: false, keyChecked: true });
    expect(usingHubLine(hub.url, ownership as Extract<typeof ownership, { usable: true }>)).toContain("which this clone's admin key opens");
  });

  it("a key kept as a stack secret cannot be checked here: left to Pulumi, and the line says so", async () => {
    const ownership = await hubOwnership(settingsFor("second", true), {});
    expect(ownership).toMatchObject({ usable: true, own: false, keyChecked: false });
    expect(usingHubLine(hub.url, ownership as Extract<typeof ownership, { usable: true }>)).toContain("with the admin key set in Pulumi.dev.yaml");
  });
});
