// `hubjobs hub` (src/cli/commands/hub.ts), run in-process with captured output.
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../src/cli/commands/hub.ts";
import { API, tempDir } from "./helpers.ts";
import { signSas } from "../../src/iothub/sas.ts";

const dir = tempDir("cli");
afterAll(() => dir.remove());

function io(cwd: string, signal?: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err,
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: {}, cwd, signal },
  };
}

async function waitFor(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!predicate()) throw new Error("condition not reached");
}

describe("hubjobs hub", () => {
  it("prints help", async () => {
    const c = io(dir.path);
    expect(await run(["--help"], c.io)).toBe(0);
    expect(c.out.join("")).toMatch(/--tls/);
  });

  it("refuses bad options with exit code 2", async () => {
    for (const argv of [["--port", "abc"], ["--tier", "S9"], ["--cert", "c.pem"], ["--bogus"]]) {
      const c = io(dir.path);
      expect(await run(argv, c.io)).toBe(2);
      expect(c.err.join("")).toMatch(/hubjobs hub:/);
    }
  });

  it("runs in the foreground with defaults under the cwd, prints the connection string, logs requests", async () => {
    const cwd = join(dir.path, "project");
    mkdirSync(join(cwd, "fleets"), { recursive: true });
    writeFileSync(join(cwd, "fleets/dev.yaml"), "apiVersion: hubjobs/v1\nkind: Fleet\ndevices:\n  - deviceId: Device-1\n");
    const stop = new AbortController();
    const c = io(cwd, stop.signal);
    const done = run(["--port", "0", "--tier", "S2"], c.io);
    await waitFor(() => /device connection-string/.test(c.out.join("")));
    const text = c.out.join("");
    const url = /listening on (\S+)/.exec(text)![1]!;
    expect(text).toMatch(/hub dev \(S2\)/);
    // A new hub answers to `localhost`, the one name a stock resolver knows, so printed strings work verbatim.
    expect(text).toMatch(/host name: +localhost\n/);
    expect(text).toMatch(/HostName=localhost;SharedAccessKeyName=iothubowner;/);
    expect(text).toMatch(/devices: MQTT over TLS on port \d+, MQTT over WebSockets on ws:\/\/127\.0\.0\.1:\d+\/\$iothub\/websocket/);
    const key = /SharedAccessKeyName=iothubowner;SharedAccessKey=(\S+)/.exec(text)![1]!;
    expect(existsSync(join(cwd, ".hubjobs/emulator/hub.db"))).toBe(true);
    expect(existsSync(join(cwd, ".hubjobs/emulator/admin-key"))).toBe(true);
    const res = await fetch(`${url}/twins/Device-1?${API}`, { headers: { authorization: signSas({ resourceUri: "localhost", keyName: "iothubowner", key, expiry: Math.floor(Date.now() / 1000) + 60 }) } });
    expect(res.status).toBe(200);
    await waitFor(() => /GET \/twins\/Device-1\?api-version=2021-04-12 200/.test(c.out.join("")));
    stop.abort();
    expect(await done).toBe(0);
    expect(c.out.join("")).toMatch(/stopped/);
  });

  it("exits 1 when the port is taken", async () => {
    const stop = new AbortController();
    const first = io(dir.path, stop.signal);
    const running = run(["--port", "0", "--data-dir", "a", "--quiet"], first.io);
    await waitFor(() => /listening on/.test(first.out.join("")));
    const port = /:(\d+)\n/.exec(first.out.join(""))![1]!;
    const second = io(dir.path);
    expect(await run(["--port", port, "--data-dir", "b"], second.io)).toBe(1);
    expect(second.err.join("")).toMatch(/could not start/);
    expect(second.err.join("")).toMatch(/npm run hub:stop/);
    stop.abort();
    await running;
  });
});
