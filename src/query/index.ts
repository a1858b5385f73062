// The IoT Hub query language: one tokenizer, parser and compiled evaluator shared by the manifest
// validator (a job's queryCondition) and the embedded hub (POST /devices/query, job targeting).
import type { Condition, Query } from "./ast.ts";
import { parseConditionText, parseQueryText } from "./parser.ts";
export { MAX_NESTING } from "./parser.ts";

/** The service refuses query strings longer than this (long `deviceId IN [...]` lists reach it). */
export const MAX_QUERY_LENGTH = 8192;
import { tokenize } from "./tokenizer.ts";
import type { Token } from "./tokens.ts";
import { catchSyntaxError, type ParseResult } from "./syntax-error.ts";

export type {
  ArithmeticExpression, ArithmeticOperator, Collection, ComparisonExpression, ComparisonOperator, Condition,
  Expression, InExpression, IsDefinedExpression, LiteralExpression, LiteralValue, LogicalExpression,
  NegateExpression, NotExpression, PathExpression, Projection, Query, Span,
} from "./ast.ts";
export type { ParseResult, QueryErrorCode, QuerySyntaxError } from "./syntax-error.ts";
export { formatQuerySyntaxError, lineAndColumn } from "./syntax-error.ts";
export { compileCondition, compileExpression, type Evaluator } from "./compile.ts";
export { compileQuery, runQuery, type QueryRunner } from "./run-query.ts";
export { deviceIdsCondition, quoteString } from "./quote.ts";
export type { Token } from "./tokens.ts";

/** Parses a full `SELECT ... FROM ... [WHERE ...] [GROUP BY ...]` statement. */
export function parseQuery(text: string): ParseResult<Query> {
  return catchSyntaxError(() => parseQueryText(text));
}

/** Parses a WHERE clause alone, as in a job's queryCondition. `*` is not a condition: callers treat it as all devices. */
export function parseCondition(text: string): ParseResult<Condition> {
  return catchSyntaxError(() => parseConditionText(text));
}

/** The tokens of a query text (ends with an `end` token), or the first lexical error. */
export function tokenizeQuery(text: string): ParseResult<Token[]> {
  return catchSyntaxError(() => tokenize(text));
}
export { formatExpression, formatQuery } from "./format.ts";
export { canonicalCondition } from "./canonical.ts";
export { notTrueCondition } from "./not-true.ts";
