// Parses conditions and values. Precedence, loosest first:
//   OR < AND < NOT < comparison (= != <> < > <= >= IN NIN NOT IN) < + - < * / % < unary - + < primary
// Comparisons do not chain (`a = b = c` is an error). Keywords are case-insensitive and reserved only
// where a path would start, so `tags.select` or `properties.reported.in` remain ordinary paths.
import type { ComparisonOperator, Expression, LiteralExpression, PathExpression } from "./ast.ts";
import { TokenStream } from "./token-stream.ts";
import type { Token } from "./tokens.ts";

export const RESERVED: ReadonlySet<string> = new Set(["SELECT", "FROM", "WHERE", "GROUP", "BY", "AS", "AND", "OR", "NOT", "IN", "NIN", "TRUE", "FALSE", "NULL"]);

/**
 * Parentheses, NOT and signs may nest this deep. The parser and the compilers recurse per level, so an
 * unbounded `((((...` in an 8 KB query could exhaust the stack; real conditions nest a few levels.
 */
export const MAX_NESTING = 100;

const COMPARISONS: ReadonlyMap<string, ComparisonOperator> = new Map([
  ["=", "="], ["!=", "!="], ["<>", "!="], ["<", "<"], [">", ">"], ["<=", "<="], [">=", ">="],
]);

export class ExpressionParser extends TokenStream {
  private nesting = 0;

  /** A WHERE clause, or a parenthesised condition inside one. */
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
  protected path(expected: string): PathExpression {
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
}
