// How a request gets its Authorization header: a SAS token from the connection string, or an Entra
// bearer token from a TokenCredential. Both cache their token and renew it before it expires, so a
// long wait for a job never sends an expired token.
import type { TokenCredential } from "@azure/identity";
import type { ConnectionString } from "./connection-string.ts";
import { signSas } from "./sas.ts";

export interface AuthProvider {
  authorization(): Promise<string>;
}

export interface SasAuthOptions {
  /** Token lifetime; default one hour. */
  ttlSeconds?: number;
  /** Renew when less than this is left; default five minutes. */
  renewBeforeSeconds?: number;
  now?: () => number;
}

export function sasAuth(cs: ConnectionString, options: SasAuthOptions = {}): AuthProvider {
  const ttl = options.ttlSeconds ?? 3600;
  const renewBefore = Math.min(options.renewBeforeSeconds ?? 300, Math.floor(ttl / 2));
  const now = options.now ?? Date.now;
  let token: string | undefined;
  let expiry = 0;
  return {
    async authorization() {
      const nowSeconds = Math.floor(now() / 1000);
      if (!token || expiry - nowSeconds <= renewBefore) {
        expiry = nowSeconds + ttl;
        token = signSas({ resourceUri: cs.hostName, keyName: cs.sharedAccessKeyName, key: cs.sharedAccessKey, expiry });
      }
      return token;
    },
  };
}

export const iotHubScope = "https://iothubs.azure.net/.default";

export function entraAuth(credential: TokenCredential, options: { renewBeforeMs?: number; now?: () => number } = {}): AuthProvider {
  const renewBefore = options.renewBeforeMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let cached: { token: string; expiresOnTimestamp: number } | undefined;
  return {
    async authorization() {
      if (!cached || cached.expiresOnTimestamp - now() <= renewBefore) {
        const t = await credential.getToken(iotHubScope);
        if (!t) throw new Error(`Entra ID returned no token for ${iotHubScope}`);
        cached = { token: t.token, expiresOnTimestamp: t.expiresOnTimestamp };
      }
      return `Bearer ${cached.token}`;
    },
  };
}
