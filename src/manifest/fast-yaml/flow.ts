import { COLON, giveUp, HASH, NEWLINE, OPEN_MAP, OPEN_SEQ, SPACE, type Cursor } from "./cursor.ts";
import { isPlainString, isQuote, mayStartPlain, readQuoted, resolvePlain } from "./scalars.ts";

// Flow collections (`[a, b]`, `{k: v}`) written on one line. The subset is JSON-like: no
// trailing or doubled commas, no entries without a value, `: ` between key and value.

const CLOSE_SEQ = 0x5d; // ]
const CLOSE_MAP = 0x7d; // }
const COMMA = 0x2c;

/** Characters that end a plain scalar inside a flow collection. */
const FLOW_PLAIN_END = /[,[\]{}:#\n]/g;

/** A flow collection; the cursor is on `[` or `{`. */
export function readFlowCollection(cursor: Cursor): unknown {
  return cursor.code() === OPEN_SEQ ? readFlowSequence(cursor) : readFlowMapping(cursor);
}

function readFlowSequence(cursor: Cursor): unknown[] {
  const items: unknown[] = [];
  cursor.pos++;
  cursor.skipSpaces();
  if (cursor.code() === CLOSE_SEQ) {
    cursor.pos++;
    return items;
  }
  for (;;) {
    cursor.descend(items.length);
    items.push(readFlowValue(cursor));
    cursor.ascend();
    cursor.skipSpaces();
    const c = cursor.code();
    cursor.pos++;
    if (c === CLOSE_SEQ) return items;
    if (c !== COMMA) giveUp();
    cursor.skipSpaces();
  }
}

function readFlowMapping(cursor: Cursor): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  cursor.pos++;
  cursor.skipSpaces();
  if (cursor.code() === CLOSE_MAP) {
    cursor.pos++;
    return map;
  }
  for (;;) {
    const key = readFlowKey(cursor);
    if (Object.hasOwn(map, key)) giveUp(); // duplicate keys: yaml reports them
    cursor.skipSpaces();
    if (cursor.code() !== COLON || cursor.code(cursor.pos + 1) !== SPACE) giveUp();
    cursor.pos += 2;
    cursor.skipSpaces();
    cursor.descend(key);
    map[key] = readFlowValue(cursor);
    cursor.ascend();
    cursor.skipSpaces();
    const c = cursor.code();
    cursor.pos++;
    if (c === CLOSE_MAP) return map;
    if (c !== COMMA) giveUp();
    cursor.skipSpaces();
  }
}

function readFlowKey(cursor: Cursor): string {
  let key: string;
  if (isQuote(cursor.code())) key = readQuoted(cursor);
  else {
    key = readFlowPlain(cursor);
    if (!isPlainString(key)) giveUp();
  }
  if (key === "__proto__" || key === "<<") giveUp(); // special to JavaScript objects or to YAML merges
  return key;
}

function readFlowValue(cursor: Cursor): unknown {
  const start = cursor.pos;
  const c = cursor.code();
  if (c === OPEN_SEQ || c === OPEN_MAP) return readFlowCollection(cursor);
  const value = isQuote(c) ? readQuoted(cursor) : resolvePlain(readFlowPlain(cursor));
  cursor.noteScalar(start);
  return value;
}

/** A plain scalar inside a flow collection, up to the next indicator; trailing spaces trimmed. */
function readFlowPlain(cursor: Cursor): string {
  const { text } = cursor;
  const start = cursor.pos;
  FLOW_PLAIN_END.lastIndex = start;
  const end = FLOW_PLAIN_END.exec(text)?.index ?? text.length;
  const stop = text.charCodeAt(end);
  // `a:b` and `a#b` are scalars to YAML, `a: b` a pair; the subset keeps `:` and `#` out of
  // flow scalars but for `: ` after a key and ` #` starting a comment (which ends the line,
  // and with it an unclosed collection).
  if (stop === COLON && text.charCodeAt(end + 1) !== SPACE) giveUp();
  if (stop === HASH || stop === NEWLINE || end >= text.length) giveUp();
  let last = end;
  while (last > start && text.charCodeAt(last - 1) === SPACE) last--;
  const source = text.slice(start, last);
  if (!mayStartPlain(source)) giveUp();
  cursor.pos = end;
  return source;
}
