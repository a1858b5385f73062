// Durability: the hub runs as a child process, acknowledges writes, is killed with SIGKILL (no
// chance to flush anything) and restarted on the same data dir; everything acknowledged is there.
import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { signSas } from "../../src/iothub/sas.ts";
import { API, tempDir } from "./helpers.ts";

const dir = tempDir("persist");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  dir.remove();
});

interface Running {
  child: ChildProcess;
  url: string;
  connectionString: string;
}

/** Starts `node src/cli/hub-main.ts` and waits for the lines that print the endpoint and connection string. */
function startChild(): Promise<Running> {
  const child = spawn(process.execPath, ["src/cli/hub-main.ts", "--port", "0", "--data-dir", dir.path, "--quiet"], {
    cwd: process.cwd(),
    env: { ...process.env, HUBJOBS_ADMIN_KEY: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (c) => { err += c; });
    child.stdout!.on("data", (c) => {
      out += c;
      const url = /listening on (\S+)/.exec(out)?.[1];
      const cs = /connection string: (\S+)/.exec(out)?.[1];
      if (url && cs) resolve({ child, url, connectionString: cs });
    });
    child.on("exit", (code) => reject(new Error(`hub exited with ${code}: ${err}`)));
  });
}

function client(r: Running) {
  const parts = Object.fromEntries(r.connectionString.split(";").map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]));
  const token = signSas({ resourceUri: parts.HostName!, keyName: parts.SharedAccessKeyName!, key: parts.SharedAccessKey!, expiry: Math.floor(Date.now() / 1000) + 3600 });
  const adminKey = readFileSync(`${dir.path}/admin-key`, "utf8").trim();
  return {
    call: async (method: string, path: string, body?: unknown) => {
      const sep = path.includes("?") ? "&" : "?";
      const res = await fetch(`${r.url}${path}${sep}${API}`, { method, headers: { authorization: token, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    admin: async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${r.url}/_emulator${path}`, { method, headers: { authorization: `Bearer ${adminKey}` }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
    },
  };
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe("persistence across SIGKILL", () => {
  it("keeps hubs, keys, devices, twins and jobs that were acknowledged", async () => {
    const first = await startChild();
    const c1 = client(first);
    expect((await c1.call("PUT", "/devices/persisted-1", {})).status).toBe(200);
    const patched = await c1.call("PATCH", "/twins/Device-1", { tags: { building: "99" }, properties: { desired: { mode: "eco" } } });
    expect(patched.status).toBe(200);
    const extra = await c1.admin("PUT", "/hubs/extra-hub", { tier: "S3" });
    expect(extra.status).toBe(201);
    const startTime = new Date(Date.now() + 3600_000).toISOString();
    const job = await c1.call("PUT", "/jobs/v2/persisted-job", {
      jobId: "persisted-job", type: "scheduleUpdateTwin", queryCondition: "*", startTime,
      updateTwin: { etag: "*", tags: { later: true } }, maxExecutionTimeInSeconds: 600,
    });
    expect(job.status).toBe(200);
    await kill(first.child);

    const second = await startChild();
    expect(second.connectionString).toBe(first.connectionString);
    const c2 = client(second);
    expect((await c2.call("GET", "/devices/persisted-1")).status).toBe(200);
    const twin = await c2.call("GET", "/twins/Device-1");
    // The dev fleet is loaded again at start, but only seeds: the acknowledged patch wins.
    expect(twin.body.tags.building).toBe("99");
    expect(twin.body.properties.desired.mode).toBe("eco");
    expect(twin.body.version).toBe(patched.body.version);
    const hub = await c2.admin("GET", "/hubs/extra-hub");
    expect(hub.body).toMatchObject({ tier: "S3", connectionString: extra.body.connectionString });
    const again = await c2.call("GET", "/jobs/v2/persisted-job");
    expect(again.status).toBe(200);
    expect(again.body.jobId).toBe("persisted-job");
    expect(again.body.status).toBe("scheduled");
    await kill(second.child);
  });
});
