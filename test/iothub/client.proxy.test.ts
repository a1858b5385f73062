// The client behind an HTTP proxy named by HTTPS_PROXY, as the Azure SDK's proxy policy reads it:
// to the embedded hub over TLS through a CONNECT tunnel, to a plain-HTTP emulator as a forwarded
// request, and with a message that names the proxy when the proxy is the thing that is down.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as https from "node:https";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import { createClient, IotHubError, type HubAccess } from "../../src/iothub/index.ts";
import { trustCertificate } from "../emulator/tls/trust-certificate.ts";
import { startConnectProxy, type RunningProxy } from "./connect-proxy.ts";
import { startTinyServer } from "./tiny-server.ts";

const proxyVariables = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];
const saved = Object.fromEntries(proxyVariables.map((name) => [name, process.env[name]]));
let hub: RunningHub;
let hubDir: string;
let distrust: () => void;
let proxy: RunningProxy;

beforeAll(async () => {
  // The pipeline reads NO_PROXY once per process, at its first client: none here, whatever the machine has.
  for (const name of proxyVariables) delete process.env[name];
  hubDir = mkdtempSync(path.join(tmpdir(), "hubjobs-proxy-hub-"));
  hub = await startHub({ port: 0, tls: true, dataDir: hubDir, fleet: { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "Device-1" }] } });
  distrust = trustCertificate(readFileSync(hub.certPath!, "utf8"));
  proxy = await startConnectProxy();
});
afterAll(async () => {
  await proxy?.close();
  distrust?.();
  await hub?.close();
  rmSync(hubDir, { recursive: true, force: true });
  for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
});

/** A client made while HTTPS_PROXY says `proxyUrl` (the proxy policy reads it when the client is made). */
async function clientBehind(proxyUrl: string | undefined, access: HubAccess) {
  if (proxyUrl) process.env.HTTPS_PROXY = proxyUrl;
  try {
    return await createClient(access, { retry: { deadlineMs: 0 } });
  } finally {
    delete process.env.HTTPS_PROXY;
  }
}

const hubAccess = (): HubAccess => ({ connectionString: hub.connectionString, endpoint: hub.url });
const hubAddress = () => new URL(hub.url).host;

describe("IotHubClient and HTTPS_PROXY", () => {
  it("tunnels each call to the TLS hub through the proxy with CONNECT", async () => {
    const before = proxy.tunnelsTo(hubAddress());
    const client = await clientBehind(proxy.url, hubAccess());
    expect((await client.getTwin("Device-1")).deviceId).toBe("Device-1");
    expect(await client.listJobs()).toEqual([]);
    expect(proxy.tunnelsTo(hubAddress()) - before).toBe(2);
  });

  it("connects directly when no proxy is set", async () => {
    const before = proxy.requests.length;
    const client = await clientBehind(undefined, hubAccess());
    expect((await client.getTwin("Device-1")).deviceId).toBe("Device-1");
    expect(proxy.requests.length).toBe(before);
  });

  it("forwards a plain-HTTP emulator's requests through the proxy to the endpoint, signed for the hub", async () => {
    const server = await startTinyServer(() => ({ status: 200, body: { deviceId: "d1" } }));
    try {
      const hostName = "hub-a.hubjobs.localhost";
      const signed = hub.connectionString.replace(/HostName=[^;]+/, `HostName=${hostName}`);
      const client = await clientBehind(proxy.url, { connectionString: signed, endpoint: server.url });
      expect(await client.getTwin("d1")).toEqual({ deviceId: "d1" });
      // A forwarding proxy asks for the URL it is given: the endpoint's, not the hub name's.
      expect(proxy.requests).toContain(`GET ${server.url}/twins/d1?api-version=2021-04-12`);
      expect(server.requests[0]!.headers.host).toBe(new URL(server.url).host);
      expect(decodeURIComponent(/sr=([^&]+)/.exec(String(server.requests[0]!.headers.authorization))![1]!)).toBe(hostName);
    } finally {
      await server.close();
    }
  });

  it("names the proxy, never the hub alone, when the proxy does not answer", async () => {
    const closedPort = await freePort();
    const client = await clientBehind(`http://user:secret@127.0.0.1:${closedPort}`, hubAccess());
    const error = await client.getTwin("Device-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IotHubError);
    expect(error).toMatchObject({ status: 0, errorCode: "ConnectionDropped", retryable: true });
    expect((error as Error).message).toMatch(new RegExp(`^connection failed: ECONNREFUSED \\(through the proxy http://127\\.0\\.0\\.1:${closedPort}\\)`));
    expect((error as Error).message).not.toContain("secret");
  });
});

describe("TLS names through the proxy and without", () => {
  it("checks the certificate against the hub's host name, not the endpoint's address", async () => {
    // A certificate for the host name only (no IP address in it): accepted only when TLS asks for that name.
    const dir = mkdtempSync(path.join(tmpdir(), "hubjobs-sni-"));
    const hostName = "hub-a.hubjobs.localhost";
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2", "-keyout", `${dir}/key.pem`, "-out", `${dir}/cert.pem`,
      "-subj", "/CN=hubjobs test", "-addext", `subjectAltName=DNS:${hostName}`, "-addext", "basicConstraints=critical,CA:TRUE"], { stdio: "ignore" });
    const cert = readFileSync(`${dir}/cert.pem`, "utf8");
    const restore = trustCertificate(cert);
    const server = https.createServer({ cert, key: readFileSync(`${dir}/key.pem`) }, (req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ deviceId: "d1", host: req.headers.host }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const signedFor = (name: string) => hub.connectionString.replace(/HostName=[^;]+/, `HostName=${name}`);
      for (const proxyUrl of [undefined, proxy.url]) {
        const client = await clientBehind(proxyUrl, { connectionString: signedFor(hostName), endpoint });
        expect(await client.getTwin("d1")).toEqual({ deviceId: "d1", host: hostName });
        const other = await clientBehind(proxyUrl, { connectionString: signedFor("hub-b.hubjobs.localhost"), endpoint });
        await expect(other.getTwin("d1")).rejects.toMatchObject({ errorCode: "ConnectionDropped", message: expect.stringContaining("ERR_TLS_CERT_ALTNAME_INVALID") });
      }
      expect(proxy.tunnelsTo(new URL(endpoint).host)).toBe(2);
    } finally {
      server.closeAllConnections();
      server.close();
      restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A port nothing listens on: bound, read and released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
