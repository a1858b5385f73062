import { DOUBLE_QUOTE, giveUp, SINGLE_QUOTE, type Cursor } from "./cursor.ts";

// Scalars as yaml@2 reads them with its default YAML 1.2 core schema, tag for tag in the order
// it tries them (node_modules/yaml/dist/schema/core), so the values come out identical.

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** Only plain scalars starting with one of these can be anything but a string. */
const MAYBE_NOT_STRING = /^[~nNtTfF0-9+\-.]/;

/** The value of a plain scalar (already trimmed). */
export function resolvePlain(source: string): unknown {
  if (source.length > 0 && !MAYBE_NOT_STRING.test(source)) return source;
  if (NULL.test(source)) return null;
  if (BOOL.test(source)) return source[0] === "t" || source[0] === "T";
  if (INT_OCT.test(source)) return parseInt(source.substring(2), 8);
  if (INT.test(source)) return parseInt(source, 10);
  if (INT_HEX.test(source)) return parseInt(source.substring(2), 16);
  if (FLOAT_NAN.test(source)) {
    if (source.slice(-3).toLowerCase() === "nan") return NaN;
    return source[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_EXP.test(source) || FLOAT.test(source)) return parseFloat(source);
  return source;
}

/**
 * Indicators a plain scalar may not start with. YAML lets `-`, `?` and `:` start one when a
 * non-space follows; the subset allows that for `-` alone (`-5`, `-x`).
 */
const REFUSED_PLAIN_START = /^(?:[?:,[\]{}#&*!|>'"%@`]|-(?:$| ))/;

/** Whether a (trimmed, non-empty) plain scalar starts the way the subset allows. */
export function mayStartPlain(source: string): boolean {
  return source.length > 0 && !REFUSED_PLAIN_START.test(source);
}

/** True when a plain scalar reads as a string, as a mapping key must here. */
export function isPlainString(source: string): boolean {
  return typeof resolvePlain(source) === "string";
}

export const isQuote = (c: number) => c === DOUBLE_QUOTE || c === SINGLE_QUOTE;

/** A quoted scalar on one line; the cursor is on its opening quote. */
export function readQuoted(cursor: Cursor): string {
  return cursor.code() === DOUBLE_QUOTE ? readDoubleQuoted(cursor) : readSingleQuoted(cursor);
}

/** A single-quoted scalar on one line, `''` for a quote; the cursor is on the opening quote. */
function readSingleQuoted(cursor: Cursor): string {
  const { text } = cursor;
  let value = "";
  let from = cursor.pos + 1;
  const newline = text.indexOf("\n", from);
  const lineEnd = newline === -1 ? text.length : newline;
  for (;;) {
    const quote = text.indexOf("'", from);
    if (quote === -1 || quote > lineEnd) giveUp(); // unclosed, or folded over lines: outside the subset
    value += text.slice(from, quote);
    if (text.charCodeAt(quote + 1) === SINGLE_QUOTE) {
      value += "'";
      from = quote + 2;
      continue;
    }
    cursor.pos = quote + 1;
    return value;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "0": "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b",
  " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029",
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };
const HEX = /^[0-9a-fA-F]+$/;

/** A double-quoted scalar on one line, with YAML's escapes; the cursor is on the opening quote. */
function readDoubleQuoted(cursor: Cursor): string {
  const { text } = cursor;
  const start = cursor.pos + 1;
  const close = text.indexOf('"', start);
  const newline = text.indexOf("\n", start);
  if (close === -1 || (newline !== -1 && newline < close)) giveUp();
  const backslash = text.indexOf("\\", start);
  if (backslash === -1 || backslash > close) {
    cursor.pos = close + 1;
    return text.slice(start, close);
  }
  let value = "";
  let i = start;
  for (;;) {
    const c = text[i];
    if (c === undefined || c === "\n") giveUp();
    if (c === '"') break;
    if (c !== "\\") {
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1] ?? "";
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      value += simple;
      i += 2;
      continue;
    }
    const length = HEX_LENGTH[e];
    const hex = length === undefined ? "" : text.slice(i + 2, i + 2 + length);
    if (length === undefined || hex.length !== length || !HEX.test(hex)) giveUp();
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) giveUp();
    value += String.fromCodePoint(code);
    i += 2 + length;
  }
  cursor.pos = i + 1;
  return value;
}
