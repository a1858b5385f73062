// Microsoft Entra ID authentication: the Azure SDK's bearer-token policy for the IoT Hub data plane.
// It caches the token and renews it before it expires; it refuses plain-HTTP URLs, so a bearer token
// never travels unencrypted.
import { bearerTokenAuthenticationPolicy, type PipelinePolicy } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";

export const iotHubScope = "https://iothubs.azure.net/.default";

export function entraAuthenticationPolicy(credential: TokenCredential): PipelinePolicy {
  return bearerTokenAuthenticationPolicy({ credential, scopes: iotHubScope });
}
