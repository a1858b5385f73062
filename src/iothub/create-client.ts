// Builds a client from what a Pulumi resource carries: a connection string (SAS) or `auth: entra`
// with a host name. Entra credentials are made here, inside whichever process runs the provider,
// so no credential object ever has to travel through Pulumi state.
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { IotHubClient } from "./client.ts";
import { parseConnectionString } from "./connection-string.ts";
import { entraAuthenticationPolicy } from "./entra-policy.ts";
import type { RetryPolicy } from "./retry.ts";
import { sasAuthenticationPolicy } from "./sas-policy.ts";

export interface HubAccess {
  /** Required with Entra; with a connection string, defaults to its HostName. */
  hostName?: string;
  connectionString?: string;
  auth?: "sas" | "entra";
  /** Explicit URL to connect to (the emulator); default `https://<hostName>/`. */
  endpoint?: string;
}

export async function createClient(access: HubAccess, options: { retry?: RetryPolicy; timeoutMs?: number; now?: () => number } = {}): Promise<IotHubClient> {
  let auth: PipelinePolicy;
  let hostName = access.hostName;
  if (access.auth === "entra") {
    if (!hostName) throw new Error("hub access with auth=entra needs a hostName");
    if (access.endpoint && new URL(access.endpoint).protocol !== "https:") {
      throw new Error(`hub access with auth=entra needs an https endpoint, not ${access.endpoint}: a bearer token is never sent over plain HTTP`);
    }
    const { DefaultAzureCredential } = await import("@azure/identity");
    auth = entraAuthenticationPolicy(new DefaultAzureCredential());
  } else {
    if (!access.connectionString) throw new Error("hub access needs a connectionString (or auth=entra with a hostName)");
    const cs = parseConnectionString(access.connectionString);
    hostName = hostName || cs.hostName;
    auth = sasAuthenticationPolicy(cs, options.now ? { now: options.now } : {});
  }
  return new IotHubClient({
    hostName,
    auth,
    ...(access.endpoint ? { endpoint: access.endpoint } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}
