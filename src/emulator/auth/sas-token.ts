// Verifies `SharedAccessSignature sr=..&sig=..&se=..&skn=..` the way IoT Hub does: the signature is
// HMAC-SHA256, keyed with the base64-decoded policy key, over `<url-encoded resource uri>\n<expiry>`.
// Tests sign with the client's own signer (src/iothub/sas.ts), so the two are checked against each other.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { SharedAccessPolicy } from "./policies.ts";

export interface SasToken {
  /** Resource URI, URL-decoded (e.g. `dev.localhost`). */
  resourceUri: string;
  signature: string;
  expiry: number;
  keyName: string | undefined;
}

const PREFIX = "sharedaccesssignature ";

/** Parses the Authorization header value; undefined when it is not a SAS token. */
export function parseSasToken(header: string): SasToken | undefined {
  if (!header.toLowerCase().startsWith(PREFIX)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(PREFIX.length).trim().split("&")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    try {
      fields.set(part.slice(0, eq).toLowerCase(), decodeURIComponent(part.slice(eq + 1)));
    } catch {
      return undefined;
    }
  }
  const sr = fields.get("sr");
  const sig = fields.get("sig");
  const se = fields.get("se");
  if (sr === undefined || sig === undefined || se === undefined || !/^\d+$/.test(se)) return undefined;
  return { resourceUri: sr, signature: sig, expiry: Number(se), keyName: fields.get("skn") };
}

/** The host part of a resource URI (`dev.localhost/devices/x` -> `dev.localhost`). */
export function resourceHost(resourceUri: string): string {
  return resourceUri.replace(/^[a-z]+:\/\//i, "").split("/")[0]!.toLowerCase();
}

export type SasFailure = "expired" | "unknown-policy" | "wrong-resource" | "bad-signature";

export function verifySasToken(
  token: SasToken,
  hostName: string,
  policies: readonly SharedAccessPolicy[],
  now: Date,
): { ok: true; policy: SharedAccessPolicy } | { ok: false; reason: SasFailure } {
  if (token.expiry * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  const policy = policies.find((p) => p.keyName === token.keyName);
  if (!policy) return { ok: false, reason: "unknown-policy" };
  if (resourceHost(token.resourceUri) !== hostName.toLowerCase()) return { ok: false, reason: "wrong-resource" };
  const given = Buffer.from(token.signature, "base64");
  for (const key of [policy.primaryKey, policy.secondaryKey]) {
    const expected = sign(token.resourceUri, token.expiry, key);
    if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true, policy };
  }
  return { ok: false, reason: "bad-signature" };
}

/**
 * A device's own token (no `skn`): signed with the device's primary or secondary symmetric key, for
 * the resource `<host>/devices/<deviceId>`. The caller checks the resource; this checks time and key.
 */
export function verifyDeviceSasToken(token: SasToken, keys: readonly (string | null)[], now: Date): { ok: true } | { ok: false; reason: SasFailure } {
  if (token.expiry * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  const given = Buffer.from(token.signature, "base64");
  for (const key of keys) {
    if (!key) continue;
    const expected = sign(token.resourceUri, token.expiry, key);
    if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true };
  }
  return { ok: false, reason: "bad-signature" };
}

function sign(resourceUri: string, expiry: number, base64Key: string): Buffer {
  return createHmac("sha256", Buffer.from(base64Key, "base64"))
    .update(`${encodeURIComponent(resourceUri)}\n${expiry}`)
    .digest();
}
