import { createHmac } from "node:crypto";
import { createHttpHeaders, createPipelineRequest, type PipelinePolicy } from "@azure/core-rest-pipeline";
import { describe, expect, it, vi } from "vitest";
import { entraAuthenticationPolicy } from "../../src/iothub/entra-policy.ts";
import { sasAuthenticationPolicy } from "../../src/iothub/sas-policy.ts";
import { signSas } from "../../src/iothub/sas.ts";

/** The Authorization header an authentication policy puts on a request, read where the request would be sent. */
function authorizationOf(policy: PipelinePolicy): () => Promise<string | undefined> {
  return async () => {
    let sent: string | undefined;
    await policy.sendRequest(createPipelineRequest({ url: "https://h.azure-devices.net/twins/d?api-version=2021-04-12" }), async (request) => {
      sent = request.headers.get("authorization");
      return { status: 200, headers: createHttpHeaders(), request };
    });
    return sent;
  };
}

// The expected token is rebuilt here step by step from the documented recipe, byte for byte.
function expectedToken(host: string, keyName: string, keyBase64: string, expiry: number): string {
  const sr = encodeURIComponent(host);
  const toSign = Buffer.concat([Buffer.from(sr, "utf8"), Buffer.from([0x0a]), Buffer.from(String(expiry), "ascii")]);
  const mac = createHmac("sha256", Buffer.from(keyBase64, "base64")).update(toSign).digest();
  const sig = encodeURIComponent(mac.toString("base64"));
  return "SharedAccessSignature sr=" + sr + "&sig=" + sig + "&se=" + expiry + "&skn=" + keyName;
}

describe("signSas", () => {
  it.each([
    ["hub-1.azure-devices.net", "registryReadWrite", Buffer.alloc(32, 7).toString("base64"), 1_800_000_000],
    ["dev.hubjobs.localhost", "iothubowner", Buffer.from("0123456789abcdef0123456789abcdef").toString("base64"), 1_767_225_600],
  ])("signs %s byte-exactly", (host, keyName, key, expiry) => {
    const token = signSas({ resourceUri: host, keyName, key, expiry });
    expect(token).toBe(expectedToken(host, keyName, key, expiry));
    expect(token).toMatch(/^SharedAccessSignature sr=[^&]+&sig=[^&]+&se=\d+&skn=\w+$/);
  });

  it("a different key gives a different signature", () => {
    const a = signSas({ resourceUri: "h", keyName: "k", key: Buffer.alloc(32, 1).toString("base64"), expiry: 1 });
    const b = signSas({ resourceUri: "h", keyName: "k", key: Buffer.alloc(32, 2).toString("base64"), expiry: 1 });
    expect(a).not.toBe(b);
  });
});

describe("sasAuthenticationPolicy", () => {
  it("reuses a token and renews it before it expires", async () => {
    let nowMs = 1_000_000_000_000;
    const authorization = authorizationOf(sasAuthenticationPolicy({ hostName: "h.azure-devices.net", sharedAccessKeyName: "service", sharedAccessKey: Buffer.alloc(32, 3).toString("base64") }, { ttlSeconds: 3600, renewBeforeSeconds: 300, now: () => nowMs }));
    const first = await authorization();
    expect(first).toMatch(/^SharedAccessSignature sr=h\.azure-devices\.net&/);
    nowMs += 3000 * 1000; // 50 min later: 10 min left, still good
    expect(await authorization()).toBe(first);
    nowMs += 400 * 1000; // 3 min 20 s left: renew
    const second = (await authorization())!;
    expect(second).not.toBe(first);
    const se = Number(/se=(\d+)/.exec(second)![1]);
    expect(se).toBe(Math.floor(nowMs / 1000) + 3600);
  });
});

describe("entraAuthenticationPolicy", () => {
  it("asks for the IoT Hub scope and renews near expiry", async () => {
    // The Azure SDK's token cycler reads Date.now(): fake the clock only.
    vi.useFakeTimers({ now: 0, toFake: ["Date"] });
    try {
      const scopes: unknown[] = [];
      let n = 0;
      const credential = {
        async getToken(scope: string | string[]) {
          scopes.push(scope);
          n++;
          return { token: `t${n}`, expiresOnTimestamp: Date.now() + 3_600_000 };
        },
      };
      const authorization = authorizationOf(entraAuthenticationPolicy(credential));
      expect(await authorization()).toBe("Bearer t1");
      vi.setSystemTime(3_000_000); // 10 min left: still good
      expect(await authorization()).toBe("Bearer t1");
      vi.setSystemTime(3_599_500); // half a second left: renewed before the request goes out
      expect(await authorization()).toBe("Bearer t2");
      expect(scopes.flat()).toEqual(["https://iothubs.azure.net/.default", "https://iothubs.azure.net/.default"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("never sends a bearer token over plain HTTP", async () => {
    const policy = entraAuthenticationPolicy({ async getToken() { return { token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }; } });
    const request = createPipelineRequest({ url: "http://127.0.0.1:4300/twins/d" });
    await expect(policy.sendRequest(request, async () => { throw new Error("sent"); })).rejects.toThrow(/non-https/);
  });
});
