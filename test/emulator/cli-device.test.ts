// `hubjobs device connection-string` (src/cli/commands/device.ts): prints a device's connection string
// from the hub's data directory, registering the device with --create, in the format the official
// device SDKs read (test/sdk/devices.suite.ts connects with exactly this format).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { run } from "../../src/cli/commands/device.ts";
import { startHub } from "../../src/emulator/start-hub.ts";
import { signSas } from "../../src/iothub/sas.ts";
import { tempDir } from "./helpers.ts";

const dir = tempDir("cli-device");
const dataDir = join(dir.path, "data");
let deviceOneKey = "";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: {}, cwd: dir.path } };
}

beforeAll(async () => {
  const hub = await startHub({ port: 0, dataDir, fleet: { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "Device-1" }] } as never });
  hub.admin.createHub("second", {});
  const key = /SharedAccessKey=([^;]+)/.exec(hub.connectionString)![1]!;
  const device = await fetch(`${hub.url}/devices/Device-1?api-version=2021-04-12`, {
    headers: { authorization: signSas({ resourceUri: hub.hostName, keyName: "iothubowner", key, expiry: Math.floor(Date.now() / 1000) + 600 }) },
  });
  deviceOneKey = ((await device.json()) as { authentication: { symmetricKey: { primaryKey: string } } }).authentication.symmetricKey.primaryKey;
  await hub.close();
});
afterAll(() => dir.remove());

describe("hubjobs device connection-string", () => {
  it("prints the connection string of a registered device, with the hub's host name and the device's primary key", async () => {
    const c = io();
    expect(await run(["connection-string", "Device-1", "--data-dir", dataDir], c.io)).toBe(0);
    expect(c.out.join("")).toBe(`HostName=localhost;DeviceId=Device-1;SharedAccessKey=${deviceOneKey}\n`);
  });

  it("refuses an unknown device unless --create registers it; the key is then the registry's", async () => {
    const refused = io();
    expect(await run(["connection-string", "Door-7", "--data-dir", dataDir], refused.io)).toBe(1);
    expect(refused.err.join("")).toMatch(/'Door-7' is not registered in hub 'dev' \(add --create/);
    const created = io();
    expect(await run(["connection-string", "Door-7", "--create", "--data-dir", dataDir], created.io)).toBe(0);
    const again = io();
    expect(await run(["connection-string", "Door-7", "--data-dir", dataDir], again.io)).toBe(0);
    expect(again.out.join("")).toBe(created.out.join(""));
    expect(again.out.join("")).toMatch(/^HostName=localhost;DeviceId=Door-7;SharedAccessKey=[A-Za-z0-9+/]{43}=\n$/);
  });

  it("sends device SDKs to localhost (GatewayHostName) for a hub whose own name may not resolve", async () => {
    const c = io();
    expect(await run(["connection-string", "Gate-1", "--create", "--hub-name", "second", "--data-dir", dataDir], c.io)).toBe(0);
    expect(c.out.join("")).toMatch(/^HostName=second\.localhost;DeviceId=Gate-1;SharedAccessKey=[^;]+;GatewayHostName=localhost\n$/);
  });

  it("explains usage errors, a missing hub and an invalid device id", async () => {
    const usage = io();
    expect(await run(["connection-string"], usage.io)).toBe(2);
    expect(usage.err.join("")).toMatch(/expected `connection-string <deviceId>`/);
    const noHub = io();
    expect(await run(["connection-string", "x", "--data-dir", join(dir.path, "nowhere")], noHub.io)).toBe(1);
    expect(noHub.err.join("")).toMatch(/no embedded hub in .*nowhere/);
    const badId = io();
    expect(await run(["connection-string", "bad/id", "--create", "--data-dir", dataDir], badId.io)).toBe(1);
    expect(badId.err.join("")).toMatch(/DeviceId 'bad\/id' is invalid/);
  });
});
