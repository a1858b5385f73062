// Query syntax errors are data, not exceptions: the manifest loader maps them onto a YAML position and
// the embedded hub turns them into a 400, so both need the code and the exact span, not just text.

/** Every way a query can be rejected before it runs. Tests assert these codes, not the wording. */
export type QueryErrorCode =
  | "E_QUERY_UNEXPECTED_CHARACTER"
  | "E_QUERY_UNTERMINATED_STRING"
  | "E_QUERY_INVALID_ESCAPE"
  | "E_QUERY_INVALID_NUMBER"
  | "E_QUERY_UNEXPECTED_TOKEN"
  | "E_QUERY_UNKNOWN_FUNCTION"
  | "E_QUERY_UNKNOWN_COLLECTION"
  | "E_QUERY_INVALID_PROJECTION"
  | "E_QUERY_TOO_DEEP";

/** A problem in query text. `offset` is 0-based (UTF-16 code units); `line` and `column` are 1-based. */
export interface QuerySyntaxError {
  message: string;
  offset: number;
  line: number;
  column: number;
  length: number;
  code: QueryErrorCode;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: QuerySyntaxError };

/** Thrown inside the tokenizer and parser only; the public functions catch it and return it as data. */
export class QueryFailure extends Error {
  readonly detail: QuerySyntaxError;
  constructor(detail: QuerySyntaxError) {
    super(detail.message);
    this.name = "QueryFailure";
    this.detail = detail;
  }
}

export function syntaxError(text: string, code: QueryErrorCode, offset: number, length: number, message: string): QueryFailure {
  const { line, column } = lineAndColumn(text, offset);
  return new QueryFailure({ message, offset, line, column, length, code });
}

/** 1-based line and column of `offset`; `\n`, `\r\n` and a lone `\r` each end a line (YAML block scalars may hold any). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Runs a tokenizer/parser step and turns a QueryFailure into a ParseResult; anything else is a bug and is rethrown. */
export function catchSyntaxError<T>(run: () => T): ParseResult<T> {
  try {
    return { ok: true, value: run() };
  } catch (e) {
    if (e instanceof QueryFailure) return { ok: false, error: e.detail };
    throw e;
  }
}

/** "line 1, column 14: expected ..." for logs and HTTP 400 bodies. */
export function formatQuerySyntaxError(error: QuerySyntaxError): string {
  return `line ${error.line}, column ${error.column}: ${error.message}`;
}
