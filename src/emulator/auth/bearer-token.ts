// Microsoft Entra bearer tokens. No identity provider is reachable from the emulator, so the
// signature cannot be checked; the token is accepted only when the hub was started with
// `acceptBearerTokens: true`, and then must at least be a JWT for the IoT Hub audience, unexpired.

export const IOT_HUB_AUDIENCE = "https://iothubs.azure.net";

export function checkBearerToken(token: string, now: Date): { ok: true } | { ok: false; reason: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "not a JWT" };
  let claims: { aud?: unknown; exp?: unknown; nbf?: unknown };
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "not a JWT" };
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const audienceOk = audiences.some((a) => typeof a === "string" && a.replace(/\/+$/, "") === IOT_HUB_AUDIENCE);
  if (!audienceOk) return { ok: false, reason: "wrong audience" };
  const nowSeconds = now.getTime() / 1000;
  if (typeof claims.exp === "number" && claims.exp <= nowSeconds) return { ok: false, reason: "expired" };
  if (typeof claims.nbf === "number" && claims.nbf > nowSeconds) return { ok: false, reason: "not yet valid" };
  return { ok: true };
}
