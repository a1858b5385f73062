// Test helpers: a hub on a free port, and raw REST calls signed like a real service client.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request as httpRequest } from "node:http";
import { signSas } from "../../src/iothub/sas.ts";
import { startHub, type RunningHub, type StartHubOptions } from "../../src/emulator/start-hub.ts";

export const API = "api-version=2021-04-12";

let counter = 0;
/** Names from a counter, never random (random suffixes make failures hard to reproduce). */
export function nextName(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Policy to sign with (default iothubowner); `null` sends no Authorization header. */
  policy?: string | null;
  /** Host name to sign for (default the hub's). */
  signFor?: string;
  /** Hub whose keys sign the request (default the started hub). */
  hub?: string;
  /** Omit `?api-version=...`. */
  noApiVersion?: boolean;
  /** Token expiry, unix seconds (default one hour from now on the system clock). */
  expiry?: number;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any;
}

export interface TestHub extends RunningHub {
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /** A SAS token of the hub's policy, signed for the hub's host name unless `signFor` names another. */
  sas(policy?: string, hub?: string, expiry?: number, signFor?: string): string;
  adminCall(method: string, path: string, body?: unknown, contentType?: string): Promise<CallResult>;
}

export async function startTestHub(options: StartHubOptions = {}): Promise<TestHub> {
  const hub = await startHub({ port: 0, adminKey: "test-admin-key", ...options });
  const sas = (policy = "iothubowner", hubName = hub.hubName, expiry = Math.floor(Date.now() / 1000) + 3600, signFor?: string) => {
    const view = hub.admin.getHub(hubName);
    const p = view.policies.find((x) => x.keyName === policy);
    if (!p) throw new Error(`no policy ${policy}`);
    return signSas({ resourceUri: signFor ?? view.hostName, keyName: policy, key: p.primaryKey, expiry });
  };
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<CallResult> => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.policy !== null) headers.authorization ??= sas(o.policy, o.hub, o.expiry, o.signFor);
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === "string" ? o.body : JSON.stringify(o.body);
      headers["content-type"] ??= "application/json; charset=utf-8";
    }
    const sep = path.includes("?") ? "&" : "?";
    const url = `${hub.url}${path}${o.noApiVersion ? "" : `${sep}${API}`}`;
    const res = await fetch(url, { method, headers, body });
    return readResult(res);
  };
  const adminCall = async (method: string, path: string, body?: unknown, contentType = "application/json"): Promise<CallResult> => {
    const res = await fetch(`${hub.url}/_emulator${path}`, {
      method,
      headers: { authorization: `Bearer ${hub.adminKey}`, "content-type": contentType },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return readResult(res);
  };
  return Object.assign(hub, { call, sas, adminCall });
}

async function readResult(res: Response): Promise<CallResult> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? undefined : JSON.parse(text) };
}

/** The error code name from the service's body shape `{"Message":"ErrorCode:<Name>;<text>"}`. */
export function errorCode(body: unknown): string | undefined {
  const message = (body as { Message?: unknown } | undefined)?.Message;
  if (typeof message !== "string") return undefined;
  return /^ErrorCode:([^;]+);/.exec(message)?.[1];
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `hubjobs-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A request through node:http, for what fetch will not send (a chosen Host header). */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers, body: text === "" ? undefined : JSON.parse(text) });
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Polls a job over REST until it ends, moving the hub's manual clock `stepMs` between polls. */
export async function waitForJob(hub: TestHub, clock: { advance(ms: number): Promise<void> }, jobId: string, stepMs: number): Promise<any> {
  for (let i = 0; i < 500; i++) {
    const res = await hub.call("GET", `/jobs/v2/${jobId}`);
    if (["completed", "failed", "cancelled"].includes(res.body.status)) return res.body;
    await clock.advance(stepMs);
  }
  throw new Error(`job ${jobId} did not finish`);
}
