// The oracle for the fast YAML reader: what the yaml package makes of a text, strict comparison of
// values, and THE INVARIANT (see fast-yaml.test.ts): when parseFastYaml answers, yaml reads the same
// text without error or warning into the same documents and values, with the watched scalar at the
// same line and column.
import { readdirSync } from "node:fs";
import path from "node:path";
import { isScalar, parseAllDocuments } from "yaml";
import { parseFastYaml, type FastDocument } from "../../src/manifest/fast-yaml/parse.ts";

export type Position = { line: number; column: number };

// ---------------------------------------------------------------------------------------------
// The reference: what yaml makes of a text.

export interface Reference {
  /** Errors and warnings of the stream and of every document (codes), empty when yaml is content. */
  problems: string[];
  docs: { data: unknown; watched: Position | undefined }[];
}

/** 1-based line and column of a string offset, lines split at '\n' only (yaml's LineCounter does the same). */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

export function reference(text: string, watch?: readonly string[]): Reference {
  const parsed = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [parsed];
  const problems: string[] = [];
  if ("empty" in parsed) {
    for (const e of parsed.errors) problems.push(`stream error ${e.code}`);
    for (const w of parsed.warnings) problems.push(`stream warning ${w.code}`);
  }
  const out: Reference["docs"] = [];
  docs.forEach((doc, i) => {
    for (const e of doc.errors) problems.push(`document ${i}: error ${e.code}`);
    for (const w of doc.warnings) problems.push(`document ${i}: warning ${w.code}`);
    let data: unknown;
    let watched: Position | undefined;
    if (doc.errors.length === 0) {
      try {
        data = doc.toJS();
      } catch (error) {
        problems.push(`document ${i}: toJS threw ${String(error)}`);
      }
      if (watch) {
        const node = doc.getIn(watch, true);
        if (isScalar(node) && node.range) watched = positionOf(text, node.range[0]);
      }
    }
    out.push({ data, watched });
  });
  return { problems, docs: out };
}

// ---------------------------------------------------------------------------------------------
// Strict equality, reporting where two values first differ.

export function show(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value === undefined) return "undefined";
  if (value !== null && typeof value === "object") {
    const proto = Object.getPrototypeOf(value) as object | null;
    const kind = Array.isArray(value) ? "array" : proto === Object.prototype ? "object" : proto === null ? "null-prototype object" : `${proto.constructor?.name ?? "?"} instance`;
    try {
      return `${kind} ${JSON.stringify(value)}`;
    } catch {
      return kind;
    }
  }
  return String(value);
}

/** undefined when `actual` and `expected` are the same value; otherwise where and how they differ. */
export function difference(actual: unknown, expected: unknown, at = "$"): string | undefined {
  const differ = () => `${at}: got ${show(actual)}, expected ${show(expected)}`;
  if (typeof actual !== typeof expected) return differ();
  if (actual === null || expected === null || typeof actual !== "object" || typeof expected !== "object") {
    return Object.is(actual, expected) ? undefined : differ();
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) return differ();
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return `${at}: prototypes differ: got ${show(actual)}, expected ${show(expected)}`;
  const actualKeys = Reflect.ownKeys(actual);
  const expectedKeys = Reflect.ownKeys(expected);
  if (actualKeys.length !== expectedKeys.length || actualKeys.some((k, i) => k !== expectedKeys[i])) {
    return `${at}: keys (in order) differ: got ${show(actualKeys.map(String))}, expected ${show(expectedKeys.map(String))}`;
  }
  for (const key of expectedKeys) {
    const a = Object.getOwnPropertyDescriptor(actual, key)!;
    const e = Object.getOwnPropertyDescriptor(expected, key)!;
    if (Array.isArray(expected) && key === "length") continue;
    if (a.enumerable !== e.enumerable || "get" in a !== "get" in e) return `${at}.${String(key)}: property kinds differ`;
    const d = difference(a.value, e.value, `${at}${Array.isArray(expected) ? `[${String(key)}]` : `.${String(key)}`}`);
    if (d) return d;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
export type FastOutcome = { accepted: false } | { accepted: true; docs: FastDocument[] } | { threw: unknown };

export function runFast(text: string, watch?: readonly string[]): FastOutcome {
  try {
    const docs = watch === undefined ? parseFastYaml(text) : parseFastYaml(text, watch);
    return docs === undefined ? { accepted: false } : { accepted: true, docs };
  } catch (error) {
    return { threw: error };
  }
}

/** Why the fast parser's answer breaks the invariant, or undefined when it keeps it. */
/** `ref` lets a caller consult yaml once for several answers about the same text. */
export function violation(text: string, watch: readonly string[] | undefined, outcome: FastOutcome, ref: () => Reference = () => reference(text, watch)): string | undefined {
  if ("threw" in outcome) return `parseFastYaml threw ${String(outcome.threw)}`;
  if (!outcome.accepted) return undefined;
  const fast = outcome.docs;
  if (!Array.isArray(fast)) return `parseFastYaml returned a non-array ${show(fast)}`;
  const { problems, docs } = ref();
  if (problems.length > 0) return `accepted, but yaml reports ${problems.join(", ")}`;
  if (fast.length !== docs.length) return `${fast.length} documents, yaml reads ${docs.length}`;
  for (let i = 0; i < fast.length; i++) {
    const d = difference(fast[i]!.data, docs[i]!.data);
    if (d) return `document ${i}: data ${d}`;
    const got = fast[i]!.watched;
    const want = watch === undefined ? undefined : docs[i]!.watched;
    const gotShape = got === undefined ? undefined : { line: got.line, column: got.column };
    if (difference(gotShape, want)) return `document ${i}: watched ${JSON.stringify(got)}, yaml's scalar at ${JSON.stringify(watch)} starts at ${JSON.stringify(want)}`;
  }
  return undefined;
}

/** Every .yaml/.yml file under a directory, recursively, sorted. */
export function yamlFilesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) found.push(full);
    }
  };
  walk(dir);
  return found.sort();
}
