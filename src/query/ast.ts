// The syntax tree of the IoT Hub query language. Every node keeps its span in the source text so later
// checks (and the manifest loader) can point at the exact place.

/** Where a node sits in the query text: 0-based offset and length in UTF-16 code units. */
export interface Span {
  offset: number;
  length: number;
}

export type LiteralValue = string | number | boolean | null;

export interface LiteralExpression extends Span {
  kind: "literal";
  value: LiteralValue;
}

/** `tags.building`, `properties.reported.fw`, `devices.jobs.jobId`: segments as written (case kept). */
export interface PathExpression extends Span {
  kind: "path";
  segments: string[];
}

export type ComparisonOperator = "=" | "!=" | "<" | ">" | "<=" | ">=";
export type ArithmeticOperator = "+" | "-" | "*" | "/" | "%";

export interface ComparisonExpression extends Span {
  kind: "comparison";
  /** `<>` is stored as `!=`. */
  operator: ComparisonOperator;
  left: Expression;
  right: Expression;
}

export interface ArithmeticExpression extends Span {
  kind: "arithmetic";
  operator: ArithmeticOperator;
  left: Expression;
  right: Expression;
}

export interface NegateExpression extends Span {
  kind: "negate";
  operand: Expression;
}

export interface LogicalExpression extends Span {
  kind: "and" | "or";
  left: Expression;
  right: Expression;
}

export interface NotExpression extends Span {
  kind: "not";
  operand: Expression;
}

/** `x IN ['a','b']`; `negated` for `NIN` and `NOT IN`. */
export interface InExpression extends Span {
  kind: "in";
  negated: boolean;
  value: Expression;
  list: LiteralExpression[];
}

export interface IsDefinedExpression extends Span {
  kind: "is_defined";
  argument: Expression;
}

export type Expression =
  | LiteralExpression
  | PathExpression
  | ComparisonExpression
  | ArithmeticExpression
  | NegateExpression
  | LogicalExpression
  | NotExpression
  | InExpression
  | IsDefinedExpression;

/** A WHERE clause (a job's `queryCondition`). A row passes when it evaluates to exactly `true`. */
export type Condition = Expression;

export type Collection = "devices" | "devices.jobs" | "devices.modules";

/** One SELECT item; `name` is the key in each result object (alias, or the last path segment). */
export type Projection =
  | { kind: "path"; path: PathExpression; name: string; span: Span }
  | { kind: "count"; name: string; span: Span };

export interface Query {
  /** `"*"` for SELECT *, else the projections in order. */
  select: "*" | Projection[];
  from: Collection;
  where: Condition | undefined;
  groupBy: PathExpression[];
}
