// Entra auth end to end through @azure/identity's real DefaultAzureCredential, as the workflows use
// it after `azure/login`: AZURE_TOKEN_CREDENTIALS keeps its chain to the Azure CLI credential, and a
// stand-in `az` on PATH answers `az account get-access-token` the way the real CLI does. The token
// then travels in our client's requests to the embedded hub, which accepts IoT Hub bearer tokens.
// The hub serves TLS: the bearer-token policy never sends a token over plain HTTP.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import { createClient } from "../../src/iothub/index.ts";
import { trustCertificate } from "../emulator/tls/trust-certificate.ts";

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An access token shaped like Entra's: a JWT for the IoT Hub audience (the emulator cannot check signatures). */
function accessToken(audience: string, expiresAtSeconds: number): string {
  return `${base64url({ alg: "RS256", typ: "JWT" })}.${base64url({ aud: audience, exp: expiresAtSeconds, nbf: expiresAtSeconds - 3600, tid: "tenant" })}.c2lnbmF0dXJl`;
}

let hub: RunningHub;
let hubDir: string;
let distrust: () => void;
let dir: string;
const saved: Record<string, string | undefined> = {};
const setEnv = (name: string, value: string) => {
  if (!(name in saved)) saved[name] = process.env[name];
  process.env[name] = value;
};

/** What the stand-in `az` prints for get-access-token: the real CLI's JSON fields. */
function answerWith(token: string, expiresAtSeconds: number): void {
  writeFileSync(path.join(dir, "token.json"), JSON.stringify({
    accessToken: token,
    expiresOn: new Date(expiresAtSeconds * 1000).toISOString().replace("T", " ").replace("Z", "000"),
    expires_on: expiresAtSeconds,
    subscription: "00000000-0000-0000-0000-000000000000",
    tenant: "tenant",
    tokenType: "Bearer",
  }));
}

beforeAll(async () => {
  hubDir = mkdtempSync(path.join(tmpdir(), "hubjobs-entra-hub-"));
  hub = await startHub({ port: 0, tls: true, dataDir: hubDir, acceptBearerTokens: true, fleet: { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "Device-1" }] } });
  distrust = trustCertificate(readFileSync(hub.certPath!, "utf8"));
});
afterAll(async () => {
  distrust?.();
  await hub?.close();
  rmSync(hubDir, { recursive: true, force: true });
});

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "hubjobs-az-"));
  // Logs its arguments; fails like a logged-out CLI when az-logged-out exists; else prints the token.
  writeFileSync(path.join(dir, "az"), [
    "#!/bin/sh",
    `printf '%s\\n' "$*" >> '${dir}/calls.log'`,
    `if [ -f '${dir}/az-logged-out' ]; then echo "ERROR: Please run 'az login' to setup account." >&2; exit 1; fi`,
    `cat '${dir}/token.json'`,
    "",
  ].join("\n"));
  chmodSync(path.join(dir, "az"), 0o755);
  setEnv("PATH", `${dir}${path.delimiter}${process.env.PATH ?? ""}`);
  setEnv("AZURE_TOKEN_CREDENTIALS", "AzureCliCredential");
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
    delete saved[name];
  }
  rmSync(dir, { recursive: true, force: true });
});

const entraClient = () => createClient({ auth: "entra", hostName: hub.hostName, endpoint: hub.url }, { retry: { deadlineMs: 2_000 } });

describe("auth: entra with DefaultAzureCredential (Azure CLI)", () => {
  it("gets an IoT Hub token from the CLI once and calls the hub with it", async () => {
    const expires = Math.floor(Date.now() / 1000) + 3600;
    answerWith(accessToken("https://iothubs.azure.net", expires), expires);
    const client = await entraClient();
    expect((await client.getTwin("Device-1")).deviceId).toBe("Device-1");
    expect(await client.listJobs()).toEqual([]);
    // One CLI call for both requests (the token is cached until near its expiry), for the IoT Hub resource.
    expect(readFileSync(path.join(dir, "calls.log"), "utf8").trim().split("\n")).toEqual([
      "account get-access-token --output json --resource https://iothubs.azure.net",
    ]);
  });

  it("is refused by the hub when the token is for another audience", async () => {
    const expires = Math.floor(Date.now() / 1000) + 3600;
    answerWith(accessToken("https://management.azure.com", expires), expires);
    const client = await entraClient();
    await expect(client.getTwin("Device-1")).rejects.toMatchObject({ status: 401 });
  });

  it("says to run az login when the CLI is logged out", async () => {
    writeFileSync(path.join(dir, "az-logged-out"), "");
    const client = await entraClient();
    await expect(client.getTwin("Device-1")).rejects.toThrow(/az login/);
  });
});

describe("auth: entra with a plain HTTP endpoint", () => {
  it("is refused before any token is asked for, naming the endpoint", async () => {
    await expect(createClient({ auth: "entra", hostName: "dev.localhost", endpoint: "http://127.0.0.1:4300" })).rejects.toThrow(/needs an https endpoint, not http:\/\/127\.0\.0\.1:4300/);
  });
});
