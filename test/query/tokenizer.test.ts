import { describe, expect, it } from "vitest";
import { tokenizeQuery, type Token } from "../../src/query/index.ts";

function tokens(text: string): Token[] {
  const result = tokenizeQuery(text);
  if (!result.ok) throw new Error(`unexpected error: ${result.error.message}`);
  return result.value;
}

function error(text: string) {
  const result = tokenizeQuery(text);
  if (result.ok) throw new Error(`expected an error for ${text}`);
  return result.error;
}

function stringValue(text: string): string {
  const [first] = tokens(text);
  if (first?.kind !== "string") throw new Error(`not a string token: ${JSON.stringify(first)}`);
  return first.value;
}

describe("tokenizer", () => {
  it("splits identifiers, punctuators, numbers and strings with their spans", () => {
    const result = tokens("tags.a <= 12.5e1 AND x<>'y'");
    expect(result.map((t) => [t.kind, t.offset, t.length])).toEqual([
      ["identifier", 0, 4], ["punctuator", 4, 1], ["identifier", 5, 1], ["punctuator", 7, 2],
      ["number", 10, 6], ["identifier", 17, 3], ["identifier", 21, 1], ["punctuator", 22, 2],
      ["string", 24, 3], ["end", 27, 0],
    ]);
    expect(result[4]).toMatchObject({ kind: "number", value: 125 });
  });

  it("reads every two-character operator as one token", () => {
    const ops = tokens("!= <> <= >= = < >").filter((t) => t.kind === "punctuator").map((t) => (t.kind === "punctuator" ? t.punctuator : ""));
    expect(ops).toEqual(["!=", "<>", "<=", ">=", "=", "<", ">"]);
  });

  it("decodes the documented escapes in both quote styles", () => {
    expect(stringValue(String.raw`'it\'s'`)).toBe("it's");
    expect(stringValue(String.raw`"say \"hi\""`)).toBe('say "hi"');
    expect(stringValue(String.raw`'a\\b'`)).toBe("a\\b");
    expect(stringValue(String.raw`'\u00e9\u4E2D'`)).toBe("é中");
    expect(stringValue(String.raw`'\ud83d\ude00'`)).toBe("😀");
    expect(stringValue(String.raw`'\n\t\/'`)).toBe("\n\t/");
    expect(stringValue(`"it's"`)).toBe("it's");
    expect(stringValue(`'say "hi"'`)).toBe('say "hi"');
  });

  it("keeps raw unicode, newlines and astral characters inside strings", () => {
    expect(stringValue("'Gebäude 😀\nzwei'")).toBe("Gebäude 😀\nzwei");
  });

  it("accepts unicode letters, $ and _ in names", () => {
    const names = tokens("größe.$version._x1").filter((t) => t.kind === "identifier").map((t) => (t.kind === "identifier" ? t.name : ""));
    expect(names).toEqual(["größe", "$version", "_x1"]);
  });

  it("reports an unterminated string at its opening quote", () => {
    expect(error("a = 'abc")).toMatchObject({ code: "E_QUERY_UNTERMINATED_STRING", offset: 4, line: 1, column: 5, length: 1 });
    expect(error("a = 'abc\\")).toMatchObject({ code: "E_QUERY_UNTERMINATED_STRING", offset: 4 });
    expect(error(`a = "abc'`)).toMatchObject({ code: "E_QUERY_UNTERMINATED_STRING", offset: 4 });
  });

  it("reports an unknown escape at the backslash", () => {
    expect(error("a = 'ab\\qc'")).toMatchObject({ code: "E_QUERY_INVALID_ESCAPE", offset: 7, length: 2 });
  });

  it("reports a short \\u escape with the hex digits that were there", () => {
    expect(error("a = '\\u12'")).toMatchObject({ code: "E_QUERY_INVALID_ESCAPE", offset: 5, length: 4 });
    expect(error("a = '\\uzzzz'")).toMatchObject({ code: "E_QUERY_INVALID_ESCAPE", offset: 5, length: 2 });
  });

  it("reports malformed numbers over their whole run", () => {
    expect(error("a = 12abc")).toMatchObject({ code: "E_QUERY_INVALID_NUMBER", offset: 4, length: 5 });
    expect(error("a = 1.")).toMatchObject({ code: "E_QUERY_INVALID_NUMBER", offset: 4, length: 2 });
    expect(error("a = 1e")).toMatchObject({ code: "E_QUERY_INVALID_NUMBER", offset: 4, length: 2 });
    expect(error("a = 1e999")).toMatchObject({ code: "E_QUERY_INVALID_NUMBER", offset: 4, length: 5 });
  });

  it("reports unexpected characters with line and column on later lines", () => {
    expect(error("a = 1\nAND b ! 2")).toMatchObject({ code: "E_QUERY_UNEXPECTED_CHARACTER", offset: 12, line: 2, column: 7, length: 1 });
    expect(error("a = 1\r\n  # b")).toMatchObject({ line: 2, column: 3 });
    expect(error("a = 😀")).toMatchObject({ code: "E_QUERY_UNEXPECTED_CHARACTER", offset: 4, length: 2 });
  });

  it("ends every token list with an end token at the text length", () => {
    expect(tokens("")).toEqual([{ kind: "end", offset: 0, length: 0 }]);
    expect(tokens("  x  ").at(-1)).toEqual({ kind: "end", offset: 5, length: 0 });
  });
});
