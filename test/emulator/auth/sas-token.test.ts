import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { createDefaultPolicies, grants } from "../../../src/emulator/auth/policies.ts";
import { parseSasToken, verifySasToken } from "../../../src/emulator/auth/sas-token.ts";
import { signSas } from "../../../src/iothub/sas.ts";

const policies = createDefaultPolicies();
const owner = policies.find((p) => p.keyName === "iothubowner")!;
const now = new Date("2026-01-01T00:00:00Z");
const later = now.getTime() / 1000 + 60;

describe("SAS tokens", () => {
  it("verifies a token built the way the service clients build it", () => {
    // Independent construction: HMAC-SHA256(base64-decoded key, urlencode(uri) + "\n" + expiry).
    const sig = createHmac("sha256", Buffer.from(owner.primaryKey, "base64")).update(`${encodeURIComponent("hub.localhost")}\n${later}`).digest("base64");
    const header = `SharedAccessSignature sr=hub.localhost&sig=${encodeURIComponent(sig)}&se=${later}&skn=iothubowner`;
    const token = parseSasToken(header)!;
    expect(verifySasToken(token, "hub.localhost", policies, now)).toMatchObject({ ok: true });
  });

  it("accepts fields in any order and a resource path under the host", () => {
    const token = parseSasToken(signSas({ resourceUri: "hub.localhost/devices/x", keyName: "iothubowner", key: owner.primaryKey, expiry: later }))!;
    expect(verifySasToken(token, "HUB.localhost", policies, now).ok).toBe(true);
    const reordered = signSas({ resourceUri: "hub.localhost", keyName: "iothubowner", key: owner.primaryKey, expiry: later }).replace("SharedAccessSignature ", "").split("&").reverse().join("&");
    expect(parseSasToken(`SharedAccessSignature ${reordered}`)).toBeDefined();
  });

  it.each([
    ["expired", now.getTime() / 1000, "iothubowner", "hub.localhost"],
    ["unknown-policy", later, "nobody", "hub.localhost"],
    ["wrong-resource", later, "iothubowner", "other.localhost"],
  ])("reports %s", (reason, expiry, keyName, resource) => {
    const token = parseSasToken(signSas({ resourceUri: resource, keyName, key: owner.primaryKey, expiry }))!;
    expect(verifySasToken(token, "hub.localhost", policies, now)).toEqual({ ok: false, reason });
  });

  it("reports a bad signature when signed with another key", () => {
    const other = policies.find((p) => p.keyName === "service")!;
    const token = parseSasToken(signSas({ resourceUri: "hub.localhost", keyName: "iothubowner", key: other.primaryKey, expiry: later }))!;
    expect(verifySasToken(token, "hub.localhost", policies, now)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("does not parse other schemes or incomplete tokens", () => {
    expect(parseSasToken("Bearer abc")).toBeUndefined();
    expect(parseSasToken("SharedAccessSignature sr=a&sig=b")).toBeUndefined();
    expect(parseSasToken("SharedAccessSignature sr=a&sig=b&se=soon")).toBeUndefined();
  });
});

describe("default policies", () => {
  it("carry the service's rights and distinct keys", () => {
    expect(Object.fromEntries(policies.map((p) => [p.keyName, p.rights]))).toEqual({
      iothubowner: ["RegistryRead", "RegistryWrite", "ServiceConnect", "DeviceConnect"],
      service: ["ServiceConnect"],
      device: ["DeviceConnect"],
      registryRead: ["RegistryRead"],
      registryReadWrite: ["RegistryRead", "RegistryWrite"],
    });
    expect(new Set(policies.flatMap((p) => [p.primaryKey, p.secondaryKey])).size).toBe(10);
  });
  it("RegistryWrite includes RegistryRead", () => {
    expect(grants(["RegistryWrite"], "RegistryRead")).toBe(true);
    expect(grants(["RegistryRead"], "RegistryWrite")).toBe(false);
  });
});
