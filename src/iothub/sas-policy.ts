// SAS authentication as a pipeline policy: a token signed with the connection string's key for the
// hub host name, cached and renewed before it expires. It runs in the pipeline's Sign phase, after
// the retry policy, so every attempt carries a token that is valid when it is sent, however long
// the backoff before it was.
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import type { ConnectionString } from "./connection-string.ts";
import { signSas } from "./sas.ts";

export interface SasPolicyOptions {
  /** Token lifetime; default one hour. */
  ttlSeconds?: number;
  /** Renew when less than this is left; default five minutes. */
  renewBeforeSeconds?: number;
  now?: () => number;
}

export const sasAuthenticationPolicyName = "sasAuthenticationPolicy";

export function sasAuthenticationPolicy(cs: ConnectionString, options: SasPolicyOptions = {}): PipelinePolicy {
  const ttl = options.ttlSeconds ?? 3600;
  const renewBefore = Math.min(options.renewBeforeSeconds ?? 300, Math.floor(ttl / 2));
  const now = options.now ?? Date.now;
  let token: string | undefined;
  let expiry = 0;
  const currentToken = (): string => {
    const nowSeconds = Math.floor(now() / 1000);
    if (!token || expiry - nowSeconds <= renewBefore) {
      expiry = nowSeconds + ttl;
      token = signSas({ resourceUri: cs.hostName, keyName: cs.sharedAccessKeyName, key: cs.sharedAccessKey, expiry });
    }
    return token;
  };
  return {
    name: sasAuthenticationPolicyName,
    sendRequest(request, next) {
      request.headers.set("Authorization", currentToken());
      return next(request);
    },
  };
}
