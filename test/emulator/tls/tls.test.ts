// TLS on a real socket: the generated self-signed certificate is trusted through `ca` (what
// NODE_EXTRA_CA_CERTS does for a whole process) and covers the hub host names and 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { X509Certificate } from "node:crypto";
import { startTestHub, tempDir, type TestHub } from "../helpers.ts";

const dir = tempDir("tls");
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ dataDir: dir.path, tls: true, hostName: "localhost" });
  hub.admin.loadFleet(hub.hubName, { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "Device-1" }] });
});
afterAll(async () => {
  await hub.close();
  dir.remove();
});

function get(url: string, options: { ca?: Buffer; servername?: string; authorization?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: options.ca, servername: options.servername, headers: options.authorization ? { authorization: options.authorization } : {} }, (res) => {
      let body = "";
      res.on("data", (c) => { body += c; });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("TLS", () => {
  it("serves HTTPS with a generated certificate kept in the data dir", async () => {
    expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(hub.certPath).toBe(`${dir.path}/tls/cert.pem`);
    const cert = new X509Certificate(readFileSync(hub.certPath!));
    expect(cert.subjectAltName).toContain("DNS:localhost");
    expect(cert.subjectAltName).toContain("IP Address:127.0.0.1");
  });

  it("answers a service call over a verified TLS connection", async () => {
    const ca = readFileSync(hub.certPath!);
    const res = await get(`${hub.url}/twins/Device-1?api-version=2021-04-12`, { ca, authorization: hub.sas() });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).deviceId).toBe("Device-1");
    // The name clients use for a hub named localhost verifies too.
    const port = new URL(hub.url).port;
    const byName = await get(`https://localhost:${port}/twins/Device-1?api-version=2021-04-12`, { ca, authorization: hub.sas() });
    expect(byName.status).toBe(200);
  });

  it("is refused by a client that does not trust the certificate", async () => {
    await expect(get(`${hub.url}/twins/Device-1?api-version=2021-04-12`, {})).rejects.toThrow(/self[- ]signed|unable to verify/i);
  });

  it("reuses the certificate on restart", async () => {
    const before = readFileSync(hub.certPath!, "utf8");
    const again = await startTestHub({ dataDir: dir.path, tls: true, hostName: "localhost", port: 0 });
    try {
      expect(readFileSync(again.certPath!, "utf8")).toBe(before);
    } finally {
      await again.close();
    }
  });

  it("serves a given certificate and key (--cert/--key)", async () => {
    const custom = await startTestHub({ tls: true, cert: `${dir.path}/tls/cert.pem`, key: `${dir.path}/tls/key.pem`, hostName: "localhost" });
    try {
      custom.admin.loadFleet(custom.hubName, { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "Device-1" }] });
      expect(custom.certPath).toBeUndefined();
      const res = await get(`${custom.url}/twins/Device-1?api-version=2021-04-12`, { ca: readFileSync(`${dir.path}/tls/cert.pem`), authorization: custom.sas() });
      expect(res.status).toBe(200);
    } finally {
      await custom.close();
    }
  });
});
