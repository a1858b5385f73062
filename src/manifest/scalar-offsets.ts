import { Scalar } from "yaml";

/**
 * Where, in the file, the character at `index` of a string scalar's value was written.
 * Query syntax errors come as offsets into the query string; the YAML style decides how
 * those map back: quotes and escapes in quoted scalars, a header line and indentation in
 * block scalars, folded line breaks in plain and folded ones.
 *
 * Value characters appear in the source in order, except where YAML folds a line break
 * (and the indentation after it) into one space or newline, or decodes an escape. So we
 * walk both strings together: a whitespace value character consumes one source whitespace
 * character, any other one is searched forward, and a double-quoted escape consumes its
 * whole escape sequence for one value character (and a single-quoted '' one quote).
 */
export function sourceOffsetOfValueIndex(source: string, scalar: Scalar, index: number): number | undefined {
  const range = scalar.range;
  const value = scalar.value;
  if (!range || typeof value !== "string") return undefined;
  const end = range[1];
  let i = contentStart(source, range[0], scalar.type);
  const doubleQuoted = scalar.type === Scalar.QUOTE_DOUBLE;
  const singleQuoted = scalar.type === Scalar.QUOTE_SINGLE;
  for (let v = 0; v < index && v < value.length && i < end; ) {
    if (doubleQuoted && source[i] === "\\") {
      const next = source[i + 1];
      if (next === "\n" || next === "\r") {
        // An escaped line break joins lines and produces no character.
        i += 2;
        while (i < end && (source[i] === " " || source[i] === "\t" || source[i] === "\n")) i++;
        continue;
      }
      i += next === "x" ? 4 : next === "u" ? 6 : next === "U" ? 10 : 2;
      v++;
      continue;
    }
    i = matchForward(source, i, end, value[v]!) + 1;
    // In single quotes a quote is written twice.
    if (singleQuoted && value[v] === "'" && source[i] === "'") i++;
    v++;
  }
  if (index < value.length && !(doubleQuoted && source[i] === "\\")) i = matchForward(source, i, end, value[index]!);
  return Math.min(i, end);
}

function contentStart(source: string, start: number, type: Scalar.Type | undefined): number {
  if (type === Scalar.QUOTE_DOUBLE || type === Scalar.QUOTE_SINGLE) return start + 1;
  if (type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED) {
    const header = source.indexOf("\n", start);
    return header === -1 ? start : header + 1;
  }
  return start;
}

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";

/** The next source position (from i) that produced value character c. */
function matchForward(source: string, i: number, end: number, c: string): number {
  let j = i;
  if (isSpace(c)) {
    while (j < end && !isSpace(source[j])) j++;
  } else {
    while (j < end && source[j] !== c) j++;
  }
  return j < end ? j : i;
}
