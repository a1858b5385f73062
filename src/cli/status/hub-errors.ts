// A person waits at the terminal while `hubjobs status` or `plan --hub` asks a hub: say where the
// hub is being asked, say so once when it does not answer and the command keeps retrying, and end
// with a message that names the URL and the likely fix, never a bare "0 ConnectionDropped".
import { parseConnectionString, type HubAccess, type IotHubError, type RetryPolicy } from "../../iothub/index.ts";
import type { OutputStream } from "../io.ts";

/** The URL the client connects to: the explicit endpoint, else `https://<HostName>/`. */
export function hubUrlOf(access: HubAccess): string {
  if (access.endpoint) return access.endpoint;
  let hostName = access.hostName;
  if (!hostName && access.connectionString) {
    try {
      hostName = parseConnectionString(access.connectionString).hostName;
    } catch {
      hostName = undefined;
    }
  }
  return hostName ? `https://${hostName}/` : "the hub";
}

/** Retries for at most `deadlineMs`, telling the person once that the hub is slow to answer. */
export function interactiveRetry(stderr: OutputStream, command: string, url: string, deadlineMs: number): RetryPolicy {
  let told = false;
  return {
    deadlineMs,
    onRetry: ({ error }) => {
      if (told) return;
      told = true;
      const why = error.status === 0 ? error.message : `${error.status} ${error.errorCode}`;
      stderr.write(`${command}: ${url} did not answer (${why}); retrying for up to ${Math.round(deadlineMs / 1000)}s...\n`);
    },
  };
}

/** One line for an error from the hub: where, what, and for an unreachable hub what to try. */
export function describeHubFailure(error: IotHubError, access: HubAccess | undefined): string {
  const url = access ? hubUrlOf(access) : "the hub";
  if (error.status !== 0) return `the hub at ${url} answered ${error.describe()}`;
  const hint = access && !access.endpoint
    ? "; an emulator listens on a port: add --endpoint <url> (the dev hub: --endpoint http://127.0.0.1:4300)"
    : "";
  return `cannot reach the hub at ${url}: ${error.message}${hint}`;
}
