// How a request reaches the hub: straight to the endpoint, or through the proxy that the Azure
// pipeline's proxyPolicy chose (HTTPS_PROXY/NO_PROXY). Two things the pipeline does not do itself:
//  - `*.localhost` always means this machine (RFC 6761), whatever the machine's resolver says, so
//    direct connections resolve it to loopback;
//  - the hub's host name goes in the Host header, not the endpoint's (the emulator routes by it, and
//    TLS checks the certificate against it), except to a forwarding proxy (see hostHeaderPolicy).
import { lookup as dnsLookup } from "node:dns";
import * as http from "node:http";
import * as https from "node:https";
import type { LookupFunction } from "node:net";
import type { PipelinePolicy, PipelineRequest } from "@azure/core-rest-pipeline";

export const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  const cb = callback as unknown as (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void;
  if (hostname === "localhost" || hostname.endsWith(".localhost")) {
    if ((options as { all?: boolean }).all) cb(null, [{ address: "127.0.0.1", family: 4 }]);
    else cb(null, "127.0.0.1", 4);
    return;
  }
  dnsLookup(hostname, options, callback as never);
};

/**
 * The agent for requests no proxy takes. Keep-alive spares a TLS handshake per poll; one agent per
 * client, never shared across hubs.
 */
export function directAgent(url: URL): http.Agent {
  return url.protocol === "https:" ? new https.Agent({ keepAlive: true, lookup: loopbackLookup }) : new http.Agent({ keepAlive: true, lookup: loopbackLookup });
}

/** The proxy a request goes through, if any: the proxy policy's agents carry its URL as `proxy`. */
export function proxyOf(request: PipelineRequest): URL | undefined {
  const proxy = (request.agent as { proxy?: unknown } | undefined)?.proxy;
  return proxy instanceof URL ? proxy : undefined;
}

export const hostHeaderPolicyName = "hostHeaderPolicy";

/**
 * Sends `Host: <hub host name>`. Node derives the TLS server name from Host, directly and inside a
 * proxy's CONNECT tunnel alike. A plain-HTTP request to a forwarding proxy is the exception: the
 * proxy agent builds the absolute URL it asks for from Host, so there Host stays the endpoint's, and
 * the emulator finds the hub by the name the SAS token is signed for.
 */
export function hostHeaderPolicy(hostName: string): PipelinePolicy {
  return {
    name: hostHeaderPolicyName,
    sendRequest(request, next) {
      const forwarded = proxyOf(request) !== undefined && new URL(request.url).protocol === "http:";
      if (!forwarded) request.headers.set("Host", hostName);
      return next(request);
    },
  };
}
