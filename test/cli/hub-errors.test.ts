// What `hubjobs status` and `plan --hub` say about a hub that does not answer: the URL they tried,
// a notice while they retry, and the --endpoint hint an emulator on a port needs.
import { describe, expect, it } from "vitest";
import { describeHubFailure, hubUrlOf, interactiveRetry } from "../../src/cli/status/hub-errors.ts";
import { IotHubError, withRetry } from "../../src/iothub/index.ts";

// Built at run time; not a real key.
const key = Buffer.from("not-a-real-key-generated-in-test").toString("base64");
const cs = `HostName=dev.localhost;SharedAccessKeyName=iothubowner;SharedAccessKey=${key}`;
const refused = () => new IotHubError({ status: 0, errorCode: "ConnectionDropped", message: "connection failed: ECONNREFUSED", retryable: true });

describe("hubUrlOf", () => {
  it("is the endpoint when given, else https://<HostName>/ of the connection string or the Entra host", () => {
    expect(hubUrlOf({ connectionString: cs, endpoint: "http://127.0.0.1:4300" })).toBe("http://127.0.0.1:4300");
    expect(hubUrlOf({ connectionString: cs })).toBe("https://dev.localhost/");
    expect(hubUrlOf({ auth: "entra", hostName: "prod.azure-devices.net" })).toBe("https://prod.azure-devices.net/");
  });
});

describe("describeHubFailure", () => {
  it("names the URL of an unreachable hub and, without --endpoint, suggests one", () => {
    const message = describeHubFailure(refused(), { connectionString: cs });
    expect(message).toContain("https://dev.localhost/");
    expect(message).toContain("ECONNREFUSED");
    expect(message).toContain("--endpoint");
    expect(message).not.toContain(key);
  });

  it("gives no --endpoint hint when an endpoint was already used", () => {
    const message = describeHubFailure(refused(), { connectionString: cs, endpoint: "http://127.0.0.1:9" });
    expect(message).toContain("http://127.0.0.1:9");
    expect(message).not.toContain("--endpoint");
  });

  it("reports a hub that answered with an error by its status and code", () => {
    const denied = new IotHubError({ status: 401, errorCode: "IotHubUnauthorizedAccess", message: "Unauthorized" });
    expect(describeHubFailure(denied, { connectionString: cs })).toMatch(/https:\/\/dev\.localhost\/ answered 401 IotHubUnauthorizedAccess/);
  });
});

describe("interactiveRetry", () => {
  it("tells the person once, on the first retry, which URL is not answering and for how long it retries", async () => {
    const lines: string[] = [];
    const policy = interactiveRetry({ write: (s: string) => lines.push(s) }, "hubjobs status", "https://dev.localhost/", 30_000);
    let attempts = 0;
    const result = await withRetry(async () => {
      attempts++;
      if (attempts < 4) throw refused();
      return "answered";
    }, { ...policy, sleep: async () => {} });
    expect(result).toBe("answered");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("https://dev.localhost/");
    expect(lines[0]).toContain("30s");
  });
});
