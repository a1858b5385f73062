// The Azure SDK's HTTP pipeline (@azure/core-rest-pipeline) as hubjobs assembles it for one hub.
// A request passes the policies in this order:
//   proxyPolicy               HTTPS_PROXY (else ALL_PROXY, HTTP_PROXY) and NO_PROXY, read as every Azure SDK for JavaScript reads them
//   agentPolicy               requests no proxy took: a keep-alive agent that resolves *.localhost to loopback (routing.ts)
//   hostHeaderPolicy          `Host: <hub host name>`, whatever the endpoint (routing.ts)
//   userAgentPolicy           `hubjobs/<version> core-rest-pipeline/<version> Node/<version> (<os>; <arch>)`
//   hubRetryPolicy    [Retry] 429, 5xx, timeouts and dropped connections, with backoff within a deadline (retry.ts)
//   setClientRequestIdPolicy  a fresh `Request-Id` per attempt
//   hubErrorPolicy            non-2xx answers and transport failures become IotHubError (error-policy.ts)
//   auth              [Sign]  SAS (sas-policy.ts) or the bearer-token policy for Entra (entra-policy.ts), per attempt
//   logPolicy                 request and response lines, headers redacted, when AZURE_LOG_LEVEL=info
// The emulator's self-signed certificate is trusted the way any Node client trusts it: through the
// default CA set (NODE_EXTRA_CA_CERTS), which the direct agent and the proxy's TLS tunnel both use.
import {
  agentPolicy,
  createEmptyPipeline,
  logPolicy,
  proxyPolicy,
  proxyPolicyName,
  setClientRequestIdPolicy,
  userAgentPolicy,
  type Pipeline,
  type PipelinePolicy,
} from "@azure/core-rest-pipeline";
import packageJson from "../../package.json" with { type: "json" };
import { hubErrorPolicy } from "./error-policy.ts";
import { hubRetryPolicy, type RetryPolicy } from "./retry.ts";
import { directAgent, hostHeaderPolicy } from "./routing.ts";

/** The header IoT Hub and Microsoft's IoT Hub SDKs use for a request's id. */
export const requestIdHeaderName = "Request-Id";

export const userAgentPrefix = `hubjobs/${packageJson.version}`;

export interface HubPipelineOptions {
  /** The hub's host name: sent as Host, named in messages. */
  hostName: string;
  /** The URL requests go to: decides the direct agent's protocol. */
  baseUrl: URL;
  /** Authentication, run in the Sign phase. */
  auth: PipelinePolicy;
  retry: RetryPolicy;
}

export function createHubPipeline(options: HubPipelineOptions): Pipeline {
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(proxyPolicy());
  // After the proxy policy, which leaves a request alone when it already has an agent.
  pipeline.addPolicy(agentPolicy(directAgent(options.baseUrl)), { afterPolicies: [proxyPolicyName] });
  pipeline.addPolicy(hostHeaderPolicy(options.hostName), { afterPolicies: [proxyPolicyName] });
  pipeline.addPolicy(userAgentPolicy({ userAgentPrefix }));
  pipeline.addPolicy(hubRetryPolicy(options.retry, requestIdHeaderName), { phase: "Retry" });
  pipeline.addPolicy(setClientRequestIdPolicy(requestIdHeaderName), { afterPhase: "Retry" });
  pipeline.addPolicy(hubErrorPolicy(options.hostName), { afterPhase: "Retry" });
  pipeline.addPolicy(options.auth, { phase: "Sign" });
  pipeline.addPolicy(logPolicy(), { afterPhase: "Sign" });
  return pipeline;
}
