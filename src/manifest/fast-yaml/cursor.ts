// The reading position of the fast parser, its line handling, and how it gives up.
//
// The fast parser never reports problems: anything it does not handle, or that might not be
// valid YAML, makes it give up (throw OUTSIDE_SUBSET), and the caller falls back to the full
// `yaml` parser, which then reports every problem with its code and position.

/** Thrown to give up; not an Error, so no stack is captured on this hot path. */
export const OUTSIDE_SUBSET: unique symbol = Symbol("outside the fast YAML subset");

export function giveUp(): never {
  throw OUTSIDE_SUBSET;
}

// What the next content line is, beside its indentation (>= 0).
export const END_OF_TEXT = -1;
export const DOCUMENT_MARKER = -2;

export const SPACE = 0x20;
export const NEWLINE = 0x0a;
export const HASH = 0x23;
export const COLON = 0x3a;
export const DASH = 0x2d;
export const DOUBLE_QUOTE = 0x22;
export const SINGLE_QUOTE = 0x27;
export const OPEN_SEQ = 0x5b; // [
export const OPEN_MAP = 0x7b; // {

/**
 * Deeper nesting is left to the full parser, long before the call stack would run out (a file
 * of ten thousand `[` must not crash the loader). Manifests nest a dozen levels at most.
 */
export const MAX_DEPTH = 100;

export class Cursor {
  readonly text: string;
  pos = 0;
  /** Keys (and item indexes) from the document root to the value being read. */
  readonly path: (string | number)[] = [];
  readonly watch: readonly string[] | undefined;
  /** Offset where the scalar at `watch` starts, in the current document. */
  watchedOffset: number | undefined;
  // Line numbers are counted lazily, only for watched offsets, which only ever grow.
  #countedTo = 0;
  #countedLines = 0;
  #lineStart = 0;

  constructor(text: string, watch: readonly string[] | undefined) {
    this.text = text;
    this.watch = watch && watch.length > 0 ? watch : undefined;
  }

  /** Into the value of a key or item: one level deeper. */
  descend(segment: string | number): void {
    if (this.path.length >= MAX_DEPTH) giveUp();
    this.path.push(segment);
  }

  ascend(): void {
    this.path.pop();
  }

  code(at: number = this.pos): number {
    return this.text.charCodeAt(at);
  }

  /** True at the end of the text or of the line. */
  atLineEnd(at: number = this.pos): boolean {
    return at >= this.text.length || this.text.charCodeAt(at) === NEWLINE;
  }

  skipSpaces(): void {
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
  }

  /**
   * After a value: spaces, then an optional comment (a `#` after a space), then the end of the
   * line, which is consumed. Anything else follows the value on its line: give up.
   */
  finishLine(): void {
    this.skipSpaces();
    const c = this.code();
    if (c === HASH && this.code(this.pos - 1) === SPACE) this.skipToNextLine();
    else if (this.atLineEnd()) this.pos = Math.min(this.pos + 1, this.text.length);
    else giveUp();
  }

  skipToNextLine(): void {
    const newline = this.text.indexOf("\n", this.pos);
    this.pos = newline === -1 ? this.text.length : newline + 1;
  }

  /**
   * From the start of a line, past blank and comment lines, to the next line with content.
   * Returns its indentation with `pos` left at the start of that line, or END_OF_TEXT, or
   * DOCUMENT_MARKER for a `---` line. Directives and `...` are outside the subset.
   */
  nextContentLine(): number {
    const { text } = this;
    for (;;) {
      const lineStart = this.pos;
      if (lineStart >= text.length) return END_OF_TEXT;
      let i = lineStart;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (i >= text.length) {
        this.pos = i;
        return END_OF_TEXT;
      }
      if (c === NEWLINE) {
        this.pos = i + 1;
        continue;
      }
      if (c === HASH) {
        this.pos = i;
        this.skipToNextLine();
        continue;
      }
      if (i === lineStart) {
        if (isMarkerLine(text, i, "---")) return DOCUMENT_MARKER;
        if (isMarkerLine(text, i, "...") || c === 0x25 /* % */) giveUp();
      }
      return i - lineStart;
    }
  }

  /** At the start of a `---` line: the marker and an optional comment, nothing else. */
  consumeDocumentMarker(): void {
    this.pos += 3;
    this.finishLine();
  }

  /** Records `offset` as the watched scalar's start when the current path is the watched one. */
  noteScalar(offset: number): void {
    const { watch, path } = this;
    if (watch === undefined || path.length !== watch.length || this.watchedOffset !== undefined) return;
    for (let i = 0; i < watch.length; i++) {
      const step = path[i]!;
      if (typeof step === "number" ? itemIndex(watch[i]!) !== step : step !== watch[i]) return;
    }
    this.watchedOffset = offset;
  }

  /** 1-based line and column of an offset not before any earlier one asked for. */
  lineAndColumn(offset: number): { line: number; column: number } {
    const { text } = this;
    for (let i = text.indexOf("\n", this.#countedTo); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
      this.#countedLines++;
      this.#lineStart = i + 1;
    }
    this.#countedTo = offset;
    return { line: this.#countedLines + 1, column: offset - this.#lineStart + 1 };
  }
}

/** A path step as yaml's getIn reads it on a sequence (`Number(step)`: "00" and "1e0" are indexes too). */
function itemIndex(step: string): number | undefined {
  const index = step === "" ? NaN : Number(step);
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}

function isMarkerLine(text: string, at: number, marker: string): boolean {
  if (!text.startsWith(marker, at)) return false;
  const after = text.charCodeAt(at + 3);
  return at + 3 >= text.length || after === SPACE || after === NEWLINE;
}
