import { giveUp, SPACE, type Cursor } from "./cursor.ts";

// Literal (`|`) and folded (`>`) block scalars, clipped or stripped (`-`), with the content
// indentation found from the first line, as long queries and descriptions are written.
// Explicit indentation, keep chomping (`+`), more-indented lines in folded scalars and other
// rarities are left to the full parser.

/** The scalar whose header (`|`, `|-`, `>`, `>-`) is at the cursor; ends at a line start. */
export function readBlockScalar(cursor: Cursor, ownerIndent: number): string {
  const { text } = cursor;
  const folded = text.charCodeAt(cursor.pos) === 0x3e; // >
  cursor.pos++;
  const strip = text.charCodeAt(cursor.pos) === 0x2d; // -
  if (strip) cursor.pos++;
  cursor.finishLine(); // anything else on the header line (`+`, a digit) gives up here
  const lines: string[] = [];
  let contentIndent = -1;
  let leadingSpaces = 0;
  while (cursor.pos < text.length) {
    const lineStart = cursor.pos;
    let i = lineStart;
    while (text.charCodeAt(i) === SPACE) i++;
    const spaces = i - lineStart;
    const newline = text.indexOf("\n", i);
    const lineEnd = newline === -1 ? text.length : newline;
    if (i === lineEnd) {
      // A blank line. Spaces beyond the content indentation would be content: left to yaml.
      if (contentIndent === -1) leadingSpaces = Math.max(leadingSpaces, spaces);
      else if (spaces > contentIndent) giveUp();
      lines.push("");
    } else {
      if (contentIndent === -1) {
        if (spaces <= ownerIndent || leadingSpaces > spaces) giveUp(); // empty scalar, or bad indentation
        contentIndent = spaces;
      } else if (spaces < contentIndent) {
        break; // the scalar ended; this line belongs to whatever follows
      }
      const line = text.slice(lineStart + contentIndent, lineEnd);
      if (folded && (spaces > contentIndent || text.charCodeAt(lineEnd - 1) === SPACE)) giveUp();
      lines.push(line);
    }
    cursor.pos = newline === -1 ? text.length : newline + 1;
  }
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop(); // clip and strip drop them
  if (lines.length === 0) giveUp();
  const value = folded ? fold(lines) : lines.join("\n");
  return strip ? value : `${value}\n`;
}

/** Folding: a single line break between lines becomes a space; n blank lines, n line breaks. */
function fold(lines: string[]): string {
  let value = "";
  let blank = 0;
  let started = false;
  for (const line of lines) {
    if (line === "") {
      blank++;
      continue;
    }
    if (started) value += blank > 0 ? "\n".repeat(blank) : " ";
    else value += "\n".repeat(blank);
    value += line;
    started = true;
    blank = 0;
  }
  return value;
}

export const isBlockScalarHeader = (c: number) => c === 0x7c /* | */ || c === 0x3e; /* > */
