// Shared access signatures for service calls: HMAC-SHA256, keyed with the base64-decoded policy key,
// over `<url-encoded resource uri>\n<expiry>`; for service calls the resource URI is the hub host name.
import { createHmac } from "node:crypto";

export interface SasInput {
  resourceUri: string;
  keyName: string;
  /** Base64 policy key. */
  key: string;
  /** Expiry as unix seconds. */
  expiry: number;
}

export function signSas(input: SasInput): string {
  const sr = encodeURIComponent(input.resourceUri);
  const sig = createHmac("sha256", Buffer.from(input.key, "base64")).update(`${sr}\n${input.expiry}`).digest("base64");
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${input.expiry}&skn=${input.keyName}`;
}
