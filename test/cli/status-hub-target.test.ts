// Where `hubjobs status` / `plan --hub` find the hub: flags, stack outputs, environment, dev emulator.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveHubTarget } from "../../src/cli/status/hub-target.ts";
import { StatusError } from "../../src/cli/status/status-error.ts";

// Built at run time; not a real key.
const key = Buffer.from("not-a-real-key-generated-in-test").toString("base64");
const cs = (host: string) => `HostName=${host};SharedAccessKeyName=iothubowner;SharedAccessKey=${key}`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return e instanceof StatusError ? e.code : `unexpected ${String(e)}`;
  }
}

describe("resolveHubTarget", () => {
  it("takes a --hub connection string, with --endpoint for an emulator", async () => {
    const t = await resolveHubTarget({ hub: cs("h.localhost"), endpoint: "http://127.0.0.1:1234", tier: "s2" }, {}, "/");
    expect(t.access).toEqual({ connectionString: cs("h.localhost"), endpoint: "http://127.0.0.1:1234" });
    expect(t.tier).toBe("S2");
    expect(t.source).not.toContain(key);
  });

  it("prefers --hub over HUBJOBS_CONNECTION_STRING, and uses the variable otherwise", async () => {
    const env = { HUBJOBS_CONNECTION_STRING: cs("env.azure-devices.net"), HUBJOBS_ENDPOINT: "http://127.0.0.1:9" };
    expect((await resolveHubTarget({ hub: cs("flag.azure-devices.net") }, env, "/")).access.connectionString).toContain("flag.");
    expect((await resolveHubTarget({}, env, "/")).access).toEqual({ connectionString: cs("env.azure-devices.net"), endpoint: "http://127.0.0.1:9" });
  });

  it("uses Entra ID with --auth entra --host-name", async () => {
    const t = await resolveHubTarget({ auth: "entra", hostName: "prod.azure-devices.net" }, {}, "/");
    expect(t.access).toEqual({ auth: "entra", hostName: "prod.azure-devices.net" });
  });

  it("reads a stack's hub outputs when --hub is not a connection string", async () => {
    const asked: string[] = [];
    const readStackOutputs = async (stack: string) => {
      asked.push(stack);
      return { hubConnectionString: cs("dev.localhost"), hubEndpoint: "http://127.0.0.1:4300", hubTier: "S1", jobs: {} };
    };
    const t = await resolveHubTarget({ hub: "dev" }, {}, "/", { readStackOutputs });
    expect(asked).toEqual(["dev"]);
    expect(t.access).toEqual({ connectionString: cs("dev.localhost"), endpoint: "http://127.0.0.1:4300" });
    expect(t.tier).toBe("S1");
  });

  it("falls back to Entra for a stack that exports only the host name", async () => {
    const t = await resolveHubTarget({ hub: "prod" }, {}, "/", { readStackOutputs: async () => ({ hub: { hostName: "p.azure-devices.net" } }) });
    expect(t.access).toEqual({ auth: "entra", hostName: "p.azure-devices.net" });
  });

  it("reports a stack without hub outputs, or one that cannot be read, as E_STACK_OUTPUTS", async () => {
    expect(await codeOf(resolveHubTarget({ hub: "x" }, {}, "/", { readStackOutputs: async () => ({}) }))).toBe("E_STACK_OUTPUTS");
    expect(await codeOf(resolveHubTarget({ hub: "x" }, {}, "/", { readStackOutputs: async () => Promise.reject(new Error("no stack named 'x'")) }))).toBe("E_STACK_OUTPUTS");
  });

  it("asks the dev emulator's admin API with the key from .hubjobs/emulator/admin-key", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "hubjobs-target-"));
    dirs.push(cwd);
    mkdirSync(join(cwd, ".hubjobs/emulator"), { recursive: true });
    writeFileSync(join(cwd, ".hubjobs/emulator/admin-key"), "admin-123\n");
    const calls: Array<{ url: string; auth: string | null }> = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, auth: new Headers(init.headers).get("authorization") });
      return new Response(JSON.stringify({ name: "dev", tier: "S1", connectionString: cs("dev.localhost"), endpoint: "http://127.0.0.1:4300" }));
    }) as typeof fetch;
    const t = await resolveHubTarget({}, {}, cwd, { fetch: fakeFetch });
    expect(calls).toEqual([{ url: "http://127.0.0.1:4300/_emulator/hubs/dev", auth: "Bearer admin-123" }]);
    expect(t.access).toEqual({ connectionString: cs("dev.localhost"), endpoint: "http://127.0.0.1:4300" });
    expect(t.tier).toBe("S1");
  });

  it("explains how to name a hub when there is no dev emulator", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "hubjobs-target-"));
    dirs.push(cwd);
    expect(await codeOf(resolveHubTarget({}, {}, cwd))).toBe("E_HUB_NOT_FOUND");
    const refused = (async () => Promise.reject(new TypeError("fetch failed"))) as typeof fetch;
    expect(await codeOf(resolveHubTarget({}, { HUBJOBS_ADMIN_KEY: "k" }, cwd, { fetch: refused }))).toBe("E_HUB_UNREACHABLE");
  });

  it("tells how to create the dev hub when the emulator runs without it (after `pulumi destroy`)", async () => {
    const notFound = (async () => new Response(JSON.stringify({ Message: "ErrorCode:HubNotFound;no hub" }), { status: 404 })) as typeof fetch;
    const error = await resolveHubTarget({}, { HUBJOBS_ADMIN_KEY: "k" }, "/", { fetch: notFound }).catch((e: StatusError) => e);
    expect(error).toBeInstanceOf(StatusError);
    expect((error as StatusError).code).toBe("E_HUB_NOT_FOUND");
    expect((error as StatusError).message).toContain("npm start");
  });

  it("rejects an unknown tier or auth as usage errors", async () => {
    expect(await codeOf(resolveHubTarget({ hub: cs("h"), tier: "B1" }, {}, "/"))).toBe("E_USAGE");
    expect(await codeOf(resolveHubTarget({ auth: "password" }, {}, "/"))).toBe("E_USAGE");
  });
});
