// Recursive-descent parser for the IoT Hub query language. Precedence, loosest first:
//   OR < AND < NOT < comparison (= != <> < > <= >= IN NIN NOT IN) < + - < * / % < unary - + < primary
// Comparisons do not chain (`a = b = c` is an error). Keywords are case-insensitive and reserved only
// where a path would start, so `tags.select` or `properties.reported.in` remain ordinary paths.
import type {
  Collection, ComparisonOperator, Condition, Expression, LiteralExpression,
  PathExpression, Projection, Query, Span,
} from "./ast.ts";
import { canonicalPath } from "./paths.ts";
import { syntaxError, type QueryErrorCode } from "./syntax-error.ts";
import { tokenize } from "./tokenizer.ts";
import { describeToken, type Punctuator, type Token } from "./tokens.ts";

const RESERVED = new Set(["SELECT", "FROM", "WHERE", "GROUP", "BY", "AS", "AND", "OR", "NOT", "IN", "NIN", "TRUE", "FALSE", "NULL"]);
/**
 * Parentheses, NOT and signs may nest this deep. The parser and the compilers recurse per level, so an
 * unbounded `((((...` in an 8 KB query could exhaust the stack; real conditions nest a few levels.
 */
export const MAX_NESTING = 100;

const COMPARISONS: ReadonlyMap<string, ComparisonOperator> = new Map([
  ["=", "="], ["!=", "!="], ["<>", "!="], ["<", "<"], [">", ">"], ["<=", "<="], [">=", ">="],
]);
const COLLECTIONS: ReadonlyMap<string, Collection> = new Map([
  ["devices", "devices"], ["devices.jobs", "devices.jobs"], ["devices.modules", "devices.modules"],
]);

/** Parses a whole statement; throws QueryFailure (callers use the ParseResult wrappers in index.ts). */
export function parseQueryText(text: string): Query {
  const parser = new Parser(text);
  const query = parser.query();
  parser.expectEnd("AND, OR, GROUP BY or end of input");
  return query;
}

/** Parses a WHERE clause alone; throws QueryFailure. */
export function parseConditionText(text: string): Condition {
  const parser = new Parser(text);
  const condition = parser.condition("a condition");
  parser.expectEnd("AND, OR or end of input");
  return condition;
}

class Parser {
  private readonly text: string;
  private readonly tokens: Token[];
  private position = 0;
  private nesting = 0;

  constructor(text: string) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  // ---- statements ----

  query(): Query {
    this.expectKeyword("SELECT", "SELECT");
    let select: Query["select"];
    if (this.takePunctuator("*")) {
      select = "*";
    } else {
      select = [this.projection(0)];
      while (this.takePunctuator(",")) select.push(this.projection(select.length));
    }
    this.expectKeyword("FROM", select === "*" ? "FROM" : "',' or FROM");
    const from = this.collection();
    let where: Condition | undefined;
    if (this.takeKeyword("WHERE")) where = this.condition("a condition");
    const groupBy: PathExpression[] = [];
    const groupToken = this.peek();
    if (this.takeKeyword("GROUP")) {
      this.expectKeyword("BY", "BY");
      groupBy.push(this.path("a property path"));
      while (this.takePunctuator(",")) groupBy.push(this.path("a property path"));
    }
    this.checkProjections(select, groupBy, groupToken);
    return { select, from, where, groupBy };
  }

  private projection(index: number): Projection {
    const start = this.peek();
    if (start.kind === "identifier" && start.name.toUpperCase() === "COUNT" && this.peekAt(1).kind === "punctuator") {
      this.position++;
      this.expectPunctuator("(", "'('");
      this.expectPunctuator(")", "')' (COUNT takes no arguments)");
      const name = this.alias() ?? `$${index + 1}`;
      return { kind: "count", name, span: this.spanFrom(start) };
    }
    const path = this.path("'*', a property path or COUNT()");
    const name = this.alias() ?? (path.segments[path.segments.length - 1] as string);
    return { kind: "path", path, name, span: this.spanFrom(start) };
  }

  private alias(): string | undefined {
    if (!this.takeKeyword("AS")) return undefined;
    const token = this.peek();
    if (token.kind !== "identifier" || RESERVED.has(token.name.toUpperCase())) this.fail("a name");
    this.position++;
    return token.name;
  }

  private collection(): Collection {
    const start = this.peek();
    const path = this.path("devices, devices.jobs or devices.modules");
    const collection = COLLECTIONS.get(path.segments.join(".").toLowerCase());
    if (collection === undefined) {
      throw this.error("E_QUERY_UNKNOWN_COLLECTION", path, `expected devices, devices.jobs or devices.modules after 'FROM' but found '${this.text.slice(start.offset, path.offset + path.length)}'`);
    }
    return collection;
  }

  /** COUNT() and GROUP BY make each result row a group, so only grouped paths can be selected beside them. */
  private checkProjections(select: Query["select"], groupBy: PathExpression[], groupToken: Token): void {
    if (select === "*") {
      if (groupBy.length > 0) throw this.error("E_QUERY_INVALID_PROJECTION", groupToken, "GROUP BY needs a projection list, not SELECT *");
      return;
    }
    const names = new Set<string>();
    for (const projection of select) {
      if (names.has(projection.name)) throw this.error("E_QUERY_INVALID_PROJECTION", projection.span, `the result name '${projection.name}' is used twice; give one of them another name with AS`);
      names.add(projection.name);
    }
    const aggregated = groupBy.length > 0 || select.some((p) => p.kind === "count");
    if (!aggregated) return;
    const grouped = new Set(groupBy.map((p) => pathKey(p)));
    for (const projection of select) {
      if (projection.kind === "path" && !grouped.has(pathKey(projection.path))) {
        throw this.error("E_QUERY_INVALID_PROJECTION", projection.path, `'${projection.path.segments.join(".")}' must be listed in GROUP BY to be selected beside COUNT()`);
      }
    }
  }

  // ---- expressions ----

  condition(expected: string): Expression {
    let left = this.and(expected);
    while (this.takeKeyword("OR")) {
      const right = this.and("a condition");
      left = { kind: "or", left, right, ...this.spanOf(left, right) };
    }
    return left;
  }

  private and(expected: string): Expression {
    let left = this.not(expected);
    while (this.takeKeyword("AND")) {
      const right = this.not("a condition");
      left = { kind: "and", left, right, ...this.spanOf(left, right) };
    }
    return left;
  }

  private not(expected: string): Expression {
    const start = this.peek();
    if (this.takeKeyword("NOT")) {
      const operand = this.nested(start, () => this.not("a condition"));
      return { kind: "not", operand, offset: start.offset, length: operand.offset + operand.length - start.offset };
    }
    return this.comparison(expected);
  }

  private comparison(expected: string): Expression {
    const left = this.additive(expected);
    const token = this.peek();
    const operator = token.kind === "punctuator" ? COMPARISONS.get(token.punctuator) : undefined;
    if (operator !== undefined) {
      this.position++;
      const right = this.additive("a value");
      return { kind: "comparison", operator, left, right, ...this.spanOf(left, right) };
    }
    if (this.takeKeyword("IN")) return this.inList(left, false);
    if (this.takeKeyword("NIN")) return this.inList(left, true);
    if (this.isKeyword(token, "NOT") && this.isKeyword(this.peekAt(1), "IN")) {
      this.position += 2;
      return this.inList(left, true);
    }
    return left;
  }

  private inList(value: Expression, negated: boolean): Expression {
    this.expectPunctuator("[", "'[' starting a list of values");
    const list: LiteralExpression[] = [];
    if (!this.takePunctuator("]")) {
      do list.push(this.literal()); while (this.takePunctuator(","));
      this.expectPunctuator("]", "',' or ']'");
    }
    const end = this.tokens[this.position - 1] as Token;
    return { kind: "in", negated, value, list, offset: value.offset, length: end.offset + end.length - value.offset };
  }

  /** A constant inside an IN list: string, number (optionally negative), true, false or null. */
  private literal(): LiteralExpression {
    const token = this.peek();
    if (token.kind === "punctuator" && token.punctuator === "-" && this.peekAt(1).kind === "number") {
      this.position += 2;
      const number = this.tokens[this.position - 1] as Token & { kind: "number" };
      return { kind: "literal", value: -number.value, offset: token.offset, length: number.offset + number.length - token.offset };
    }
    const value = this.constant(token);
    if (value === undefined) this.fail("a string, number, true, false or null");
    this.position++;
    return { kind: "literal", value: value.value, offset: token.offset, length: token.length };
  }

  private constant(token: Token): { value: LiteralExpression["value"] } | undefined {
    if (token.kind === "string" || token.kind === "number") return { value: token.value };
    if (token.kind !== "identifier") return undefined;
    switch (token.name.toUpperCase()) {
      case "TRUE": return { value: true };
      case "FALSE": return { value: false };
      case "NULL": return { value: null };
      default: return undefined;
    }
  }

  private additive(expected: string): Expression {
    let left = this.multiplicative(expected);
    for (;;) {
      const operator = this.takeOneOf(["+", "-"]);
      if (operator === undefined) return left;
      const right = this.multiplicative("a value");
      left = { kind: "arithmetic", operator, left, right, ...this.spanOf(left, right) };
    }
  }

  private multiplicative(expected: string): Expression {
    let left = this.unary(expected);
    for (;;) {
      const operator = this.takeOneOf(["*", "/", "%"]);
      if (operator === undefined) return left;
      const right = this.unary("a value");
      left = { kind: "arithmetic", operator, left, right, ...this.spanOf(left, right) };
    }
  }

  private unary(expected: string): Expression {
    const start = this.peek();
    const sign = this.takeOneOf(["-", "+"]);
    if (sign === undefined) return this.primary(expected);
    const operand = this.nested(start, () => this.unary("a value"));
    const span = { offset: start.offset, length: operand.offset + operand.length - start.offset };
    if (sign === "+") return { ...operand, ...span };
    if (operand.kind === "literal" && typeof operand.value === "number") return { kind: "literal", value: -operand.value, ...span };
    return { kind: "negate", operand, ...span };
  }

  private primary(expected: string): Expression {
    const token = this.peek();
    const constant = this.constant(token);
    if (constant !== undefined) {
      this.position++;
      return { kind: "literal", value: constant.value, offset: token.offset, length: token.length };
    }
    if (this.takePunctuator("(")) {
      const inner = this.nested(token, () => this.condition("a condition or value"));
      this.expectPunctuator(")", "')'");
      const end = this.tokens[this.position - 1] as Token;
      return { ...inner, offset: token.offset, length: end.offset + end.length - token.offset };
    }
    if (token.kind === "identifier" && this.isPunctuator(this.peekAt(1), "(")) return this.call(token);
    return this.path(expected);
  }

  private call(name: Token & { kind: "identifier" }): Expression {
    if (name.name.toUpperCase() !== "IS_DEFINED") {
      const hint = name.name.toUpperCase() === "COUNT" ? " (COUNT() belongs in the SELECT list)" : " (supported: IS_DEFINED)";
      throw this.error("E_QUERY_UNKNOWN_FUNCTION", name, `unknown function '${name.name}'${hint}`);
    }
    this.position += 2;
    const argument = this.nested(name, () => this.additive("a property path"));
    this.expectPunctuator(")", "')'");
    const end = this.tokens[this.position - 1] as Token;
    return { kind: "is_defined", argument, offset: name.offset, length: end.offset + end.length - name.offset };
  }

  /** `a.b.c`, also `a['b-c']` for names that are not identifiers. The first name must not be a keyword. */
  private path(expected: string): PathExpression {
    const first = this.peek();
    if (first.kind !== "identifier" || RESERVED.has(first.name.toUpperCase())) this.fail(expected);
    this.position++;
    const segments = [first.name];
    for (;;) {
      if (this.takePunctuator(".")) {
        const name = this.peek();
        if (name.kind !== "identifier") this.fail("a property name");
        this.position++;
        segments.push(name.name);
      } else if (this.isPunctuator(this.peek(), "[") && this.peekAt(1).kind === "string") {
        this.position++;
        segments.push((this.peek() as Token & { kind: "string" }).value);
        this.position++;
        this.expectPunctuator("]", "']'");
      } else {
        break;
      }
    }
    const last = this.tokens[this.position - 1] as Token;
    return { kind: "path", segments, offset: first.offset, length: last.offset + last.length - first.offset };
  }

  private nested<T>(opener: Token, parse: () => T): T {
    if (++this.nesting > MAX_NESTING) {
      throw this.error("E_QUERY_TOO_DEEP", opener, `conditions may nest at most ${MAX_NESTING} levels deep (parentheses, NOT, signs)`);
    }
    const result = parse();
    this.nesting--;
    return result;
  }

  // ---- token helpers ----

  expectEnd(expected: string): void {
    if (this.peek().kind !== "end") this.fail(expected);
  }

  private peek(): Token {
    return this.tokens[this.position] as Token;
  }

  private peekAt(ahead: number): Token {
    return (this.tokens[this.position + ahead] ?? this.tokens[this.tokens.length - 1]) as Token;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === "identifier" && token.name.toUpperCase() === keyword;
  }

  private isPunctuator(token: Token, punctuator: Punctuator): boolean {
    return token.kind === "punctuator" && token.punctuator === punctuator;
  }

  private takeKeyword(keyword: string): boolean {
    if (!this.isKeyword(this.peek(), keyword)) return false;
    this.position++;
    return true;
  }

  private takePunctuator(punctuator: Punctuator): boolean {
    if (!this.isPunctuator(this.peek(), punctuator)) return false;
    this.position++;
    return true;
  }

  private takeOneOf<P extends Punctuator>(punctuators: readonly P[]): P | undefined {
    const token = this.peek();
    if (token.kind !== "punctuator" || !(punctuators as readonly Punctuator[]).includes(token.punctuator)) return undefined;
    this.position++;
    return token.punctuator as P;
  }

  private expectKeyword(keyword: string, expected: string): void {
    if (!this.takeKeyword(keyword)) this.fail(expected);
  }

  private expectPunctuator(punctuator: Punctuator, expected: string): void {
    if (!this.takePunctuator(punctuator)) this.fail(expected);
  }

  /** "expected a value after '=' but found end of input", pointing at the token found. */
  private fail(expected: string): never {
    const found = this.peek();
    const previous = this.tokens[this.position - 1];
    const after = previous === undefined ? "" : ` after ${describeToken(previous)}`;
    throw this.error("E_QUERY_UNEXPECTED_TOKEN", found, `expected ${expected}${after} but found ${describeToken(found)}`);
  }

  private error(code: QueryErrorCode, span: Span, message: string) {
    return syntaxError(this.text, code, span.offset, span.length, message);
  }

  private spanOf(left: Span, right: Span): Span {
    return { offset: left.offset, length: right.offset + right.length - left.offset };
  }

  private spanFrom(start: Token): Span {
    const last = this.tokens[this.position - 1] as Token;
    return { offset: start.offset, length: last.offset + last.length - start.offset };
  }
}

function pathKey(path: PathExpression): string {
  return canonicalPath(path.segments);
}

