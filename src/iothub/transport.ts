// One HTTP exchange with the hub, over node:http/node:https directly so that we decide the Host
// header (the emulator routes by it) and how `*.localhost` names resolve (loopback, RFC 6761),
// whatever the machine's resolver says. Failures below HTTP become retryable IotHubErrors.
import { lookup as dnsLookup } from "node:dns";
import * as http from "node:http";
import * as https from "node:https";
import type { LookupFunction } from "node:net";
import { IotHubError } from "./errors.ts";

export interface HttpRequest {
  method: string;
  /** Path plus query string, e.g. `/jobs/v2/x?api-version=2021-04-12`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface TransportOptions {
  /** The hub's host name: sent as Host, and the address when no endpoint is given. */
  hostName: string;
  /** Where to connect instead of `https://<hostName>/` (e.g. the emulator on `http://127.0.0.1:4300`). */
  endpoint?: string;
  /** Per-request timeout covering connect, send and receive; default 60 s. */
  timeoutMs?: number;
}

export type Transport = (req: HttpRequest) => Promise<HttpResponse>;

/** `*.localhost` always means this machine (RFC 6761), so resolve it without asking DNS. */
export const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  const cb = callback as unknown as (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void;
  if (hostname === "localhost" || hostname.endsWith(".localhost")) {
    if ((options as { all?: boolean }).all) cb(null, [{ address: "127.0.0.1", family: 4 }]);
    else cb(null, "127.0.0.1", 4);
    return;
  }
  dnsLookup(hostname, options, callback as never);
};

export function createTransport(options: TransportOptions): Transport {
  const base = new URL(options.endpoint ?? `https://${options.hostName}/`);
  const isHttps = base.protocol === "https:";
  const lib = isHttps ? https : http;
  const basePath = base.pathname.replace(/\/$/, "");
  const timeoutMs = options.timeoutMs ?? 60_000;
  // Keep-alive spares a TLS handshake per poll; agents are per client, never shared across hubs.
  const agent = isHttps ? new https.Agent({ keepAlive: true, lookup: loopbackLookup }) : new http.Agent({ keepAlive: true, lookup: loopbackLookup });

  return (req) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const headers: Record<string, string> = { ...req.headers, Host: options.hostName };
      if (req.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(req.body));
      const r = lib.request(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port || (isHttps ? 443 : 80),
          method: req.method,
          path: basePath + req.path,
          headers,
          agent,
          ...(isHttps ? { servername: options.hostName } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", (e) => reject(dropped(e)));
          res.on("aborted", () => reject(dropped(new Error("response aborted"))));
        },
      );
      r.setTimeout(timeoutMs, () => {
        r.destroy(new IotHubError({ status: 0, errorCode: "Timeout", message: `no answer from ${options.hostName} within ${timeoutMs} ms`, retryable: true }));
      });
      r.on("error", (e) => reject(e instanceof IotHubError ? e : dropped(e)));
      if (req.body !== undefined) r.write(req.body);
      r.end();
    });
}

function dropped(e: Error): IotHubError {
  const code = (e as NodeJS.ErrnoException).code;
  return new IotHubError({ status: 0, errorCode: "ConnectionDropped", message: `connection failed: ${code ?? e.message}`, retryable: true });
}
