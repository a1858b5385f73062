import { describe, expect, it } from "vitest";
import { compileCondition, deviceIdsCondition, parseCondition, quoteString, tokenizeQuery } from "../../src/query/index.ts";
import { hostileString, prng } from "./generators.ts";

function readBack(literal: string): string {
  const result = tokenizeQuery(literal);
  if (!result.ok) throw new Error(result.error.message);
  expect(result.value).toHaveLength(2);
  const [token] = result.value;
  if (token?.kind !== "string") throw new Error(`not one string token: ${literal}`);
  return token.value;
}

function targets(ids: readonly string[], deviceId: string): boolean {
  const result = parseCondition(deviceIdsCondition(ids));
  if (!result.ok) throw new Error(result.error.message);
  return compileCondition(result.value)({ deviceId });
}

describe("quoteString", () => {
  it("escapes only backslashes and single quotes", () => {
    expect(quoteString("Device-1")).toBe("'Device-1'");
    expect(quoteString("it's")).toBe(String.raw`'it\'s'`);
    expect(quoteString("a\\b")).toBe(String.raw`'a\\b'`);
    expect(quoteString('say "hi"')).toBe(`'say "hi"'`);
    expect(quoteString("")).toBe("''");
  });

  it.each(["'] OR 1=1", "x' OR deviceId != '", "\\", "\\'", "'\\", "\\u0041", "a\nb", "😀", "\ud800"])("round-trips %j", (s) => {
    expect(readBack(quoteString(s))).toBe(s);
  });

  it("round-trips many generated hostile strings", () => {
    const random = prng(1);
    for (let i = 0; i < 2000; i++) {
      const s = hostileString(random);
      expect(readBack(quoteString(s))).toBe(s);
    }
  });
});

describe("deviceIdsCondition", () => {
  it("writes the form the service expects", () => {
    expect(deviceIdsCondition(["Device-1"])).toBe("deviceId IN ['Device-1']");
    expect(deviceIdsCondition(["a", "b"])).toBe("deviceId IN ['a','b']");
  });

  it("cannot be widened by a hostile id", () => {
    const ids = ["'] OR 1=1", "x' OR deviceId != '"];
    expect(targets(ids, "Device-1")).toBe(false);
    expect(targets(ids, "'] OR 1=1")).toBe(true);
    expect(targets(ids, "x' OR deviceId != '")).toBe(true);
  });

  it("targets exactly the listed ids, for many generated lists", () => {
    const random = prng(2);
    for (let i = 0; i < 300; i++) {
      const ids = Array.from({ length: 1 + Math.floor(random() * 4) }, () => hostileString(random));
      const result = parseCondition(deviceIdsCondition(ids));
      if (!result.ok) throw new Error(`${JSON.stringify(ids)}: ${result.error.message}`);
      expect(result.value).toMatchObject({ kind: "in", negated: false, list: ids.map((value) => ({ value })) });
      const filter = compileCondition(result.value);
      for (const id of ids) expect(filter({ deviceId: id })).toBe(true);
      const outsider = hostileString(random) + "!";
      expect(filter({ deviceId: outsider })).toBe(ids.includes(outsider));
    }
  });
});
