import { describe, expect, it } from "vitest";
import { ConnectionStringError, formatConnectionString, parseConnectionString } from "../../src/iothub/connection-string.ts";

const key = Buffer.from("a secret key of thirty-two bytes").toString("base64");

describe("parseConnectionString", () => {
  it("reads the three parts, keeping '=' padding in the key", () => {
    const cs = parseConnectionString(`HostName=hub-1.azure-devices.net;SharedAccessKeyName=registryReadWrite;SharedAccessKey=${key}`);
    expect(cs).toEqual({ hostName: "hub-1.azure-devices.net", sharedAccessKeyName: "registryReadWrite", sharedAccessKey: key });
    expect(parseConnectionString(formatConnectionString(cs))).toEqual(cs);
  });

  it.each(["HostName", "SharedAccessKeyName", "SharedAccessKey"])("names the missing %s and never echoes the key", (missing) => {
    const parts = { HostName: "h.azure-devices.net", SharedAccessKeyName: "service", SharedAccessKey: key } as Record<string, string>;
    delete parts[missing];
    const text = Object.entries(parts).map(([k, v]) => `${k}=${v}`).join(";");
    let error: unknown;
    try { parseConnectionString(text); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ConnectionStringError);
    expect((error as ConnectionStringError).code).toBe("MissingPart");
    expect((error as ConnectionStringError).part).toBe(missing);
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).not.toContain(key);
  });

  it("rejects an empty string, a part without '=', and a key that is not base64 without echoing it", () => {
    expect(() => parseConnectionString("")).toThrow(expect.objectContaining({ code: "Empty" }));
    expect(() => parseConnectionString("HostName=h;SharedAccessKeyName=s;garbage")).toThrow(expect.objectContaining({ code: "MalformedPart" }));
    try {
      parseConnectionString("HostName=h;SharedAccessKeyName=s;SharedAccessKey=not base64!");
      expect.unreachable();
    } catch (e) {
      expect((e as ConnectionStringError).code).toBe("KeyNotBase64");
      expect((e as Error).message).not.toContain("not base64!");
    }
  });
});
