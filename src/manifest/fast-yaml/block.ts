import { COLON, DASH, giveUp, HASH, NEWLINE, OPEN_MAP, OPEN_SEQ, SPACE, type Cursor } from "./cursor.ts";
import { isBlockScalarHeader, readBlockScalar } from "./block-scalar.ts";
import { readFlowCollection } from "./flow.ts";
import { isPlainString, isQuote, mayStartPlain, readQuoted, resolvePlain } from "./scalars.ts";

// Block mappings and sequences, nested by indentation. A collection at indentation n owns the
// content lines at exactly n; a less indented line ends it, and a more indented line that no
// entry opened (a continued plain scalar, a stray line) is outside the subset.

/** yaml refuses an implicit key whose `:` is more than 1024 characters after its start. */
const MAX_IMPLICIT_KEY_SOURCE = 1000;
/** Plain keys stay away from flow indicators and quotes. */
const UNUSUAL_KEY = /[[\]{}"']/;

/** The node whose first line starts at the cursor, at column `indent`. */
function readBlockNode(cursor: Cursor, indent: number): unknown {
  if (isSequenceEntry(cursor, cursor.pos)) return readBlockSequence(cursor, indent);
  if (startsMappingEntry(cursor)) return readBlockMapping(cursor, indent);
  return giveUp(); // a scalar on a line of its own, as a value: outside the subset
}

/** A block mapping whose first key is at the cursor, at column `indent` (maybe mid-line). */
export function readBlockMapping(cursor: Cursor, indent: number): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (;;) {
    const key = readBlockKey(cursor);
    if (Object.hasOwn(map, key)) giveUp(); // duplicate keys: yaml reports them
    cursor.descend(key);
    map[key] = readBlockValue(cursor, indent, true);
    cursor.ascend();
    const next = cursor.nextContentLine();
    if (next < indent) return map;
    if (next > indent) giveUp();
    cursor.pos += indent;
    if (isSequenceEntry(cursor, cursor.pos)) giveUp();
  }
}

/** A block sequence whose first `-` is at the cursor, at column `indent` (maybe mid-line). */
function readBlockSequence(cursor: Cursor, indent: number): unknown[] {
  const items: unknown[] = [];
  for (;;) {
    cursor.pos++; // the dash
    cursor.descend(items.length);
    items.push(readBlockValue(cursor, indent, false));
    cursor.ascend();
    const next = cursor.nextContentLine();
    if (next < indent) return items;
    if (next > indent) giveUp();
    if (!isSequenceEntry(cursor, cursor.pos + indent)) return items; // the owner's next key
    cursor.pos += indent;
  }
}

/**
 * The value after a key's `:` or an entry's `-`, owned by a collection at column `indent`:
 * on the same line, or (nothing but a comment after the indicator) a block on the lines below.
 */
function readBlockValue(cursor: Cursor, indent: number, ofMapping: boolean): unknown {
  const indicatorEnd = cursor.pos;
  cursor.skipSpaces();
  if (cursor.atLineEnd() || cursor.code() === HASH) {
    const emptyAt = cursor.pos; // where yaml places the null scalar of an empty value
    cursor.finishLine();
    const next = cursor.nextContentLine();
    if (next > indent) {
      cursor.pos += next;
      return readBlockNode(cursor, next);
    }
    // `key:` followed by `- item` lines at the key's own indentation is a sequence.
    if (ofMapping && next === indent && isSequenceEntry(cursor, cursor.pos + indent)) {
      cursor.pos += indent;
      return readBlockSequence(cursor, indent);
    }
    cursor.noteScalar(emptyAt);
    return null;
  }
  if (!ofMapping) {
    // Compact forms after `- `: a nested sequence or a mapping, at the column they start in.
    const column = indent + 1 + (cursor.pos - indicatorEnd);
    if (isSequenceEntry(cursor, cursor.pos)) return readBlockSequence(cursor, column);
    if (startsMappingEntry(cursor)) return readBlockMapping(cursor, column);
  }
  return readInlineValue(cursor, indent);
}

/** A scalar or flow collection that ends its line, or a block scalar that starts there. */
function readInlineValue(cursor: Cursor, ownerIndent: number): unknown {
  const start = cursor.pos;
  const c = cursor.code();
  if (isBlockScalarHeader(c)) {
    cursor.noteScalar(start);
    return readBlockScalar(cursor, ownerIndent);
  }
  if (c === OPEN_SEQ || c === OPEN_MAP) {
    const collection = readFlowCollection(cursor);
    cursor.finishLine();
    return collection;
  }
  const value = isQuote(c) ? readQuoted(cursor) : resolvePlain(readBlockPlain(cursor));
  cursor.noteScalar(start);
  cursor.finishLine();
  return value;
}

/** A plain scalar on one line: up to a comment or the line's end, trailing spaces trimmed. */
function readBlockPlain(cursor: Cursor): string {
  const { text, pos: start } = cursor;
  let end = start;
  for (; end < text.length; end++) {
    const c = text.charCodeAt(end);
    if (c === NEWLINE) break;
    if (c === HASH && text.charCodeAt(end - 1) === SPACE) break;
    // `a: b` inside a value is a nested mapping, which YAML does not allow here.
    if (c === COLON && (end + 1 >= text.length || text.charCodeAt(end + 1) === SPACE || text.charCodeAt(end + 1) === NEWLINE)) giveUp();
  }
  cursor.pos = end;
  while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
  const source = text.slice(start, end);
  if (!mayStartPlain(source)) giveUp();
  return source;
}

/** A mapping key and its `:`; leaves the cursor after the colon. */
function readBlockKey(cursor: Cursor): string {
  const start = cursor.pos;
  let key: string;
  if (isQuote(cursor.code())) {
    key = readQuoted(cursor);
    cursor.skipSpaces();
  } else {
    key = readPlainKey(cursor);
  }
  if (cursor.code() !== COLON || !isSeparator(cursor, cursor.pos + 1)) giveUp();
  if (cursor.pos - start > MAX_IMPLICIT_KEY_SOURCE || key === "__proto__" || key === "<<") giveUp();
  cursor.pos++;
  return key;
}

/** A plain key up to its `:`, which must be followed by a space or the line's end. */
function readPlainKey(cursor: Cursor): string {
  const { text, pos: start } = cursor;
  let end = start;
  for (;; end++) {
    const c = text.charCodeAt(end);
    if (end >= text.length || c === NEWLINE) giveUp();
    if (c === HASH && text.charCodeAt(end - 1) === SPACE) giveUp();
    if (c === COLON) {
      if (isSeparator(cursor, end + 1)) break;
      giveUp(); // `a:b: c`: outside the subset
    }
  }
  cursor.pos = end;
  while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
  const key = text.slice(start, end);
  if (!mayStartPlain(key) || UNUSUAL_KEY.test(key) || !isPlainString(key)) giveUp();
  return key;
}

/** Whether a mapping entry (`key:`) starts at the cursor; the cursor does not move. */
function startsMappingEntry(cursor: Cursor): boolean {
  const { text, pos: start } = cursor;
  if (isQuote(text.charCodeAt(start))) {
    readQuoted(cursor);
    cursor.skipSpaces();
    const isKey = cursor.code() === COLON && isSeparator(cursor, cursor.pos + 1);
    cursor.pos = start;
    return isKey;
  }
  for (let i = start; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === NEWLINE) return false;
    if (d === HASH && i > start && text.charCodeAt(i - 1) === SPACE) return false;
    if (d === COLON && isSeparator(cursor, i + 1)) return true;
  }
  return false;
}

/** `-` followed by a space or the line's end. */
function isSequenceEntry(cursor: Cursor, at: number): boolean {
  return cursor.code(at) === DASH && isSeparator(cursor, at + 1);
}

/** A space or the end of the line or text: what must follow `:` and `-` indicators. */
function isSeparator(cursor: Cursor, at: number): boolean {
  return cursor.code(at) === SPACE || cursor.atLineEnd(at);
}
