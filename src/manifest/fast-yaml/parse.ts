import { readBlockMapping } from "./block.ts";
import { Cursor, DOCUMENT_MARKER, END_OF_TEXT, OUTSIDE_SUBSET, giveUp } from "./cursor.ts";

// A fast reader for the plain YAML that manifests are written in: block mappings and
// sequences, one-line flow collections, plain and quoted one-line scalars, common block scalars,
// comments, `---`, LF or CRLF. It turns such text straight into data, about ten times faster than
// building yaml's documents with their nodes and ranges; those are only needed to place
// problems, and a document with
// problems is read again by the full parser (see check-source.ts). Whatever it does not
// handle, or might be invalid YAML, makes it answer undefined, so the full parser decides.
// The promise, tested against yaml itself (test/manifest/fast-yaml.test.ts): when it answers,
// yaml reads the same text without errors or warnings into the same documents and values.

export interface FastDocument {
  /** What yaml's Document.toJS() gives for this document (null for an empty one). */
  data: unknown;
  /** Where the scalar at the watched key path starts (its quote, when quoted), if there is one. */
  watched?: { line: number; column: number };
}

/** Tabs, BOM, other control characters and Unicode line breaks: left to the full parser. */
const OUTSIDE_SUBSET_CHARACTERS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
/** A carriage return that does not end a line with its line feed. */
const LONE_CR = /\r(?!\n)/;

/** The documents of `text`, or undefined when the full parser must read it. */
export function parseFastYaml(text: string, watch?: readonly string[]): FastDocument[] | undefined {
  if (OUTSIDE_SUBSET_CHARACTERS.test(text)) return undefined;
  if (text.includes("\r")) {
    // CRLF files (edited on Windows) read as LF ones: a CR here only ever precedes a line feed,
    // and no scalar in the subset spans lines, so values, lines and columns all stay the same.
    if (LONE_CR.test(text)) return undefined;
    text = text.replaceAll("\r\n", "\n");
  }
  try {
    return readDocuments(new Cursor(text, watch));
  } catch (e) {
    if (e === OUTSIDE_SUBSET) return undefined;
    throw e;
  }
}

function readDocuments(cursor: Cursor): FastDocument[] {
  const documents: FastDocument[] = [];
  // Like yaml: content before any `---` is a document; each `---` starts one, even if empty;
  // comments alone are none.
  let next = cursor.nextContentLine();
  if (next !== END_OF_TEXT && next !== DOCUMENT_MARKER) {
    documents.push(readDocument(cursor, next));
    next = cursor.nextContentLine();
  }
  while (next === DOCUMENT_MARKER) {
    cursor.consumeDocumentMarker();
    next = cursor.nextContentLine();
    if (next === END_OF_TEXT || next === DOCUMENT_MARKER) {
      documents.push({ data: null });
      continue;
    }
    documents.push(readDocument(cursor, next));
    next = cursor.nextContentLine();
  }
  if (next !== END_OF_TEXT) giveUp();
  return documents;
}

/** A document whose root is a block mapping at column 0, the only root a manifest has. */
function readDocument(cursor: Cursor, indent: number): FastDocument {
  if (indent !== 0) giveUp();
  cursor.watchedOffset = undefined;
  const data = readBlockMapping(cursor, 0);
  const document: FastDocument = { data };
  if (cursor.watchedOffset !== undefined) document.watched = cursor.lineAndColumn(cursor.watchedOffset);
  return document;
}
