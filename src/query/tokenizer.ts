// Turns query text into tokens, failing with the exact span of the first bad character, string or number.
import { syntaxError } from "./syntax-error.ts";
import type { Punctuator, Token } from "./tokens.ts";

const TWO_CHAR_PUNCTUATORS: ReadonlySet<string> = new Set(["!=", "<>", "<=", ">="]);
const ONE_CHAR_PUNCTUATORS: ReadonlySet<string> = new Set(["(", ")", "[", "]", ",", ".", "*", "+", "-", "/", "%", "=", "<", ">"]);

// Names may carry letters of any script, digits after the first character, `_` and `$` (twin metadata
// such as `$version`). Hyphens cannot be part of a name because `-` is subtraction.
const IDENTIFIER_START = /[\p{L}_$]/u;
const IDENTIFIER_PART = /[\p{L}\p{N}\p{Mn}\p{Mc}_$]/u;

// Escapes beyond the documented `\' \" \\ \uXXXX` are the usual JSON ones, which cannot change meaning.
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "'": "'", '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t",
};

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      i = readString(text, i, tokens);
    } else if (c >= "0" && c <= "9") {
      i = readNumber(text, i, tokens);
    } else if (isIdentifierStart(text, i)) {
      const start = i;
      i += codePointLength(text, i);
      while (i < text.length && isIdentifierPart(text, i)) i += codePointLength(text, i);
      tokens.push({ kind: "identifier", name: text.slice(start, i), offset: start, length: i - start });
    } else if (TWO_CHAR_PUNCTUATORS.has(text.slice(i, i + 2))) {
      tokens.push({ kind: "punctuator", punctuator: text.slice(i, i + 2) as Punctuator, offset: i, length: 2 });
      i += 2;
    } else if (ONE_CHAR_PUNCTUATORS.has(c)) {
      tokens.push({ kind: "punctuator", punctuator: c as Punctuator, offset: i, length: 1 });
      i++;
    } else {
      const length = codePointLength(text, i);
      const shown = text.slice(i, i + length);
      const hint = c === "!" ? " (did you mean '!='?)" : c === "`" ? " (string literals use ' or \")" : "";
      throw syntaxError(text, "E_QUERY_UNEXPECTED_CHARACTER", i, length, `unexpected character ${JSON.stringify(shown)}${hint}`);
    }
  }
  tokens.push({ kind: "end", offset: text.length, length: 0 });
  return tokens;
}

function readString(text: string, start: number, tokens: Token[]): number {
  const quote = text[start];
  let value = "";
  let i = start + 1;
  let chunkStart = i;
  while (i < text.length) {
    const c = text[i];
    if (c === quote) {
      value += text.slice(chunkStart, i);
      tokens.push({ kind: "string", value, offset: start, length: i + 1 - start });
      return i + 1;
    }
    if (c !== "\\") {
      i++;
      continue;
    }
    value += text.slice(chunkStart, i);
    const escaped = text[i + 1];
    if (escaped === undefined) break;
    const simple = SIMPLE_ESCAPES[escaped];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (escaped === "u") {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        const length = 2 + (/^[0-9a-fA-F]*/.exec(hex)?.[0].length ?? 0);
        throw syntaxError(text, "E_QUERY_INVALID_ESCAPE", i, length, `expected four hex digits after '\\u' but found ${JSON.stringify(text.slice(i, i + 6))}`);
      }
      value += String.fromCharCode(parseInt(hex, 16));
      i += 6;
    } else {
      throw syntaxError(text, "E_QUERY_INVALID_ESCAPE", i, 2, `unknown escape ${JSON.stringify("\\" + escaped)} in a string (allowed: \\' \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`);
    }
    chunkStart = i;
  }
  throw syntaxError(text, "E_QUERY_UNTERMINATED_STRING", start, 1, `expected a closing ${quote} for the string starting here but found end of input`);
}

function readNumber(text: string, start: number, tokens: Token[]): number {
  const match = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(start)) as RegExpExecArray;
  let end = start + match[0].length;
  // `1.` or `1e` or `12abc`: report the whole run so the message shows what was written.
  if (end < text.length && (text[end] === "." || isIdentifierPart(text, end))) {
    while (end < text.length && (text[end] === "." || isIdentifierPart(text, end))) end += codePointLength(text, end);
    const written = text.slice(start, end);
    throw syntaxError(text, "E_QUERY_INVALID_NUMBER", start, end - start, `expected a number but found ${JSON.stringify(written)}`);
  }
  const value = Number(match[0]);
  if (!Number.isFinite(value)) {
    throw syntaxError(text, "E_QUERY_INVALID_NUMBER", start, end - start, `number ${match[0]} is too large`);
  }
  tokens.push({ kind: "number", value, offset: start, length: end - start });
  return end;
}

function codePointLength(text: string, i: number): number {
  return (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

function isIdentifierStart(text: string, i: number): boolean {
  return IDENTIFIER_START.test(String.fromCodePoint(text.codePointAt(i) ?? 0));
}

function isIdentifierPart(text: string, i: number): boolean {
  return IDENTIFIER_PART.test(String.fromCodePoint(text.codePointAt(i) ?? 0));
}
