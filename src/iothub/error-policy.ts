// Turns what the pipeline hands back into the client's one error type: an answer outside 2xx becomes
// the IotHubError its body describes (errors.ts), a request that got no answer becomes a retryable
// `Timeout` or `ConnectionDropped`. It sits between the retry policy and authentication, so the retry
// policy judges IotHubErrors while the bearer-token policy still sees the raw 401 challenges it
// answers itself. Any other error (a credential that cannot get a token) passes through untouched.
import { isRestError, type PipelinePolicy, type PipelineRequest } from "@azure/core-rest-pipeline";
import { IotHubError, parseErrorResponse } from "./errors.ts";
import { proxyOf } from "./routing.ts";

export const hubErrorPolicyName = "hubErrorPolicy";

export function hubErrorPolicy(hostName: string): PipelinePolicy {
  return {
    name: hubErrorPolicyName,
    async sendRequest(request, next) {
      let response;
      try {
        response = await next(request);
      } catch (e) {
        throw noAnswer(e, request, hostName);
      }
      if (response.status >= 200 && response.status < 300) return response;
      throw parseErrorResponse(response.status, response.bodyAsText ?? "", response.headers.toJSON());
    },
  };
}

function noAnswer(e: unknown, request: PipelineRequest, hostName: string): unknown {
  // The pipeline aborts a request that outlives `request.timeout`; this client sets no other abort signal.
  if (e instanceof Error && e.name === "AbortError") {
    return new IotHubError({ status: 0, errorCode: "Timeout", message: `no answer from ${hostName} within ${request.timeout} ms${viaProxy(request)}`, retryable: true });
  }
  if (isRestError(e) && !e.response) {
    const code = e.code && e.code !== "REQUEST_SEND_ERROR" ? e.code : e.message;
    return new IotHubError({ status: 0, errorCode: "ConnectionDropped", message: `connection failed: ${code}${viaProxy(request)}`, retryable: true });
  }
  return e;
}

/** Names the proxy (never its credentials) when the request went through one: a wrong HTTPS_PROXY looks like a dead hub. */
function viaProxy(request: PipelineRequest): string {
  const proxy = proxyOf(request);
  return proxy ? ` (through the proxy ${proxy.origin})` : "";
}
