// The query evaluator: compiles a condition or expression to one JavaScript function, so the hot
// loop over 100,000 twins is straight-line code the JIT optimises like a hand-written filter.
// (A tree of closures, one per node, measured 3x to 12x slower than the hand-written filter in
// bench/query.bench.ts, typically 9x; this runs at about 1x. See src/query/README.md, "Speed".)
//
// Safety: the generated source never contains query text. Names and string constants are embedded
// with JSON.stringify (always a valid, inert JS string literal), numbers only when finite, operators
// come from fixed tables, and everything else (membership sets, other constants) is passed in as
// values and referenced by index.
//
// Three-valued logic without materialising `undefined`: each node is generated in two forms,
// "is true" and "is false". NOT swaps them, AND/OR follow Kleene's tables, and a row passes exactly
// when the root "is true" form holds. Every node appears once per form it is needed in, so the code
// grows linearly with the query. A condition used as a value (`(a = 1) = true`, or the root of
// compileExpression) is computed as true, false or undefined with Kleene helpers instead.
//
// Long chains (`a AND b AND ...`, `x + y + ...`) are flat `&&`, `||` and `,` sequences, which V8
// compiles without recursing per term: tens of thousands of terms compile, far beyond the service's
// 8192-character limit that callers enforce. Code generation from strings must be allowed (Node's
// default; not under --disallow-code-generation-from-strings).
import type { ComparisonOperator, Condition, Expression, LiteralValue } from "./ast.ts";
import { arithmeticChain, logicalOperands } from "./chains.ts";
import { compareValues, compileMembership } from "./compare.ts";
import { needsOwnCheck, pathSteps, readInsensitive, readOwn } from "./paths.ts";

/** A compiled expression: a JSON value of the row, true/false for conditions, undefined when missing. */
export type Evaluator = (doc: unknown) => unknown;

const FLIPPED: Record<ComparisonOperator, ComparisonOperator> = { "=": "=", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<=" };
const ARITHMETIC = { "+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod" } as const;

function finiteOrUndefined(n: number): number | undefined {
  return Number.isFinite(n) ? n : undefined;
}

/** Arithmetic on numbers only: anything else, or a non-finite result (x / 0), is undefined. */
const HELPERS = {
  compareValues,
  readInsensitive,
  readOwn,
  add: (a: unknown, b: unknown) => (typeof a === "number" && typeof b === "number" ? finiteOrUndefined(a + b) : undefined),
  sub: (a: unknown, b: unknown) => (typeof a === "number" && typeof b === "number" ? finiteOrUndefined(a - b) : undefined),
  mul: (a: unknown, b: unknown) => (typeof a === "number" && typeof b === "number" ? finiteOrUndefined(a * b) : undefined),
  div: (a: unknown, b: unknown) => (typeof a === "number" && typeof b === "number" ? finiteOrUndefined(a / b) : undefined),
  mod: (a: unknown, b: unknown) => (typeof a === "number" && typeof b === "number" ? finiteOrUndefined(a % b) : undefined),
  neg: (a: unknown) => (typeof a === "number" ? -a : undefined),
  // Kleene's tables: false wins AND, true wins OR; anything not true or false is unknown.
  kleeneAnd: (...values: unknown[]) => (values.includes(false) ? false : values.every((v) => v === true) ? true : undefined),
  kleeneOr: (...values: unknown[]) => (values.includes(true) ? true : values.every((v) => v === false) ? false : undefined),
  kleeneNot: (v: unknown) => (v === true ? false : v === false ? true : undefined),
};

/** A filter: true only when the condition is exactly true (undefined and false both reject the row). */
export function compileCondition(condition: Condition): (doc: unknown) => boolean {
  return build((generator) => generator.holds(condition, true)) as (doc: unknown) => boolean;
}

/** Any expression to a function of the row (projections, GROUP BY keys, three-valued results). */
export function compileExpression(expression: Expression): Evaluator {
  return build((generator) => generator.value(expression));
}

function build(root: (generator: Generator) => string): Evaluator {
  const generator = new Generator();
  const expression = root(generator);
  const temporaries = generator.temporaries();
  const source = [
    `"use strict";`,
    `const { compareValues, readInsensitive, readOwn, add, sub, mul, div, mod, neg, kleeneAnd, kleeneOr, kleeneNot } = helpers;`,
    `return function compiled(d) {`,
    temporaries.length > 0 ? `  let ${temporaries.join(", ")};` : "",
    `  return ${expression};`,
    `};`,
  ].join("\n");
  const factory = new Function("helpers", "members", "constants", source) as (
    helpers: typeof HELPERS, members: Generator["members"], constants: Generator["constants"],
  ) => Evaluator;
  try {
    const compiled = factory(HELPERS, generator.members, generator.constants);
    // V8 compiles a function on its first call: do it now, so a condition far beyond the service's
    // query length limit (tens of thousands of terms) fails here with a clear error rather than in
    // the middle of a query.
    compiled(undefined);
    return compiled;
  } catch (e) {
    if (e instanceof RangeError) throw new RangeError(`query condition too large to compile (${expression.length} characters of code), far beyond IoT Hub's query length limit`);
    throw e;
  }
}

class Generator {
  /** Values the generated code references by index: membership tests, and constants no literal can write. */
  readonly members: Array<(v: unknown) => unknown> = [];
  readonly constants: LiteralValue[] = [];
  private temporaryCount = 0;

  temporaries(): string[] {
    return Array.from({ length: this.temporaryCount }, (_, i) => `t${i}`);
  }

  private temporary(): string {
    return `t${this.temporaryCount++}`;
  }

  /** A JS boolean expression that holds exactly when `e` evaluates to `wanted` (true, or false). */
  holds(e: Expression, wanted: boolean): string {
    switch (e.kind) {
      // Kleene: AND is true when all are, false when any is; OR the other way round.
      case "and": return `(${logicalOperands(e).map((o) => this.holds(o, wanted)).join(wanted ? " && " : " || ")})`;
      case "or": return `(${logicalOperands(e).map((o) => this.holds(o, wanted)).join(wanted ? " || " : " && ")})`;
      case "not": return this.holds(e.operand, !wanted);
      case "comparison": return this.comparison(e.operator, e.left, e.right, wanted);
      case "in": return `(members[${this.membership(e.list.map((i) => i.value))}](${this.value(e.value)}) === ${wanted !== e.negated})`;
      case "is_defined": return `(${this.value(e.argument)} ${wanted ? "!==" : "==="} undefined)`;
      default: return `(${this.value(e)} === ${wanted})`;
    }
  }

  /** A JS expression for the value of `e`: a JSON value, true/false for a condition, undefined when missing. */
  value(e: Expression): string {
    switch (e.kind) {
      case "literal": return literal(e.value) ?? this.constant(e.value);
      case "path": return this.path(e.segments);
      case "arithmetic": {
        // A flat comma sequence through one temporary, however long the chain: `(t = a, t = add(t, b), t)`.
        const { first, steps } = arithmeticChain(e);
        const t = this.temporary();
        const parts = [`${t} = ${this.value(first)}`, ...steps.map((s) => `${t} = ${ARITHMETIC[s.operator]}(${t}, ${this.value(s.operand)})`)];
        return `(${parts.join(", ")}, ${t})`;
      }
      case "negate": return `neg(${this.value(e.operand)})`;
      // A condition used as a value (`(a = 1) = true`, the root of compileExpression): true, false
      // or undefined, each operand evaluated once. The two forms above would evaluate a nested one
      // once per form, doubling the work per level of nesting.
      case "and": return `kleeneAnd(${logicalOperands(e).map((o) => this.value(o)).join(", ")})`;
      case "or": return `kleeneOr(${logicalOperands(e).map((o) => this.value(o)).join(", ")})`;
      case "not": return `kleeneNot(${this.value(e.operand)})`;
      case "comparison": return `compareValues(${JSON.stringify(e.operator)}, ${this.value(e.left)}, ${this.value(e.right)})`;
      case "in": {
        const member = `members[${this.membership(e.list.map((i) => i.value))}](${this.value(e.value)})`;
        return e.negated ? `kleeneNot(${member})` : member;
      }
      case "is_defined": return `(${this.value(e.argument)} !== undefined)`;
    }
  }

  /** A constant no literal can write (a non-finite number), passed in as a value. */
  private constant(value: LiteralValue): string {
    this.constants.push(value);
    return `constants[${this.constants.length - 1}]`;
  }

  private membership(list: LiteralValue[]): number {
    this.members.push(compileMembership(list));
    return this.members.length - 1;
  }

  private comparison(operator: ComparisonOperator, left: Expression, right: Expression, wanted: boolean): string {
    if (right.kind === "literal" && left.kind !== "literal") {
      const fast = this.compareWithConstant(operator, left, right.value, wanted);
      if (fast !== undefined) return fast;
    }
    if (left.kind === "literal" && right.kind !== "literal") {
      const fast = this.compareWithConstant(FLIPPED[operator], right, left.value, wanted);
      if (fast !== undefined) return fast;
    }
    return `(compareValues(${JSON.stringify(operator)}, ${this.value(left)}, ${this.value(right)}) === ${wanted})`;
  }

  /** `value <op> "constant"` or `value <op> 2`: one typeof and one comparison, no helper call. */
  private compareWithConstant(operator: ComparisonOperator, e: Expression, constant: LiteralValue, wanted: boolean): string | undefined {
    if (typeof constant !== "string" && typeof constant !== "number") return undefined;
    const c = literal(constant);
    if (c === undefined) return undefined;
    const type = JSON.stringify(typeof constant);
    const t = this.temporary();
    const v = this.value(e);
    // A value of the constant's type compares; null is unequal (never ordered); anything else is undefined.
    switch (operator) {
      case "=":
        return wanted ? `(${v} === ${c})` : `(typeof (${t} = ${v}) === ${type} ? ${t} !== ${c} : ${t} === null)`;
      case "!=":
        return wanted ? `(typeof (${t} = ${v}) === ${type} ? ${t} !== ${c} : ${t} === null)` : `(${v} === ${c})`;
      default: {
        const test = `${t} ${operator} ${c}`;
        return `(typeof (${t} = ${v}) === ${type} && ${wanted ? test : `!(${test})`})`;
      }
    }
  }

  /** Inline property reads: optional chaining for ordinary names, helpers for the case rule and inherited names. */
  private path(segments: readonly string[]): string {
    let code = "d";
    for (const step of pathSteps(segments)) {
      const name = JSON.stringify(step.name);
      if (needsOwnCheck(step.name)) {
        code = `readOwn(${code}, ${name}, ${step.caseInsensitive})`;
      } else if (step.caseInsensitive) {
        // Exact spelling first, inline; a differently cased key only when that misses.
        const t = this.temporary();
        const u = this.temporary();
        code = `((${u} = (${t} = ${code})?.[${name}]) !== undefined ? ${u} : readInsensitive(${t}, ${name}))`;
      } else {
        code = `${code}?.[${name}]`;
      }
    }
    return code;
  }
}

/** A JS literal for a constant, or undefined when it cannot be written safely (never for JSON values). */
function literal(value: LiteralValue): string | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return undefined;
    return Object.is(value, -0) ? "-0" : `(${JSON.stringify(value)})`;
  }
  return JSON.stringify(value);
}
