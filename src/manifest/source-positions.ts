import { LineCounter } from "yaml";

/**
 * Line and column of offsets in one file's text. The line table is built on the first
 * question only, in one indexOf pass over the text (about 2 ms for 4 MB): far cheaper than
 * yaml's prettyErrors, which would also format a context line for every error.
 */
export class SourcePositions {
  readonly text: string;
  #lines: LineCounter | undefined;

  constructor(text: string) {
    this.text = text;
  }

  /** 1-based line and column of a 0-based offset. */
  at(offset: number): { line: number; column: number } {
    const { line, col } = this.#lineCounter().linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { line, column: col };
  }

  #lineCounter(): LineCounter {
    if (!this.#lines) {
      const lines = new LineCounter();
      lines.addNewLine(0);
      for (let i = this.text.indexOf("\n"); i !== -1; i = this.text.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
      this.#lines = lines;
    }
    return this.#lines;
  }
}
