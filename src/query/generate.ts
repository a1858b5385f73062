// Compiles a condition to one JavaScript function, so the hot loop over 100,000 twins is straight-line
// code the JIT can optimise as well as a hand-written filter (closures per node cost ~4x).
//
// Safety: the generated source never contains query text. Names and string constants are embedded
// with JSON.stringify (always a valid, inert JS string literal), numbers only when finite, operators
// come from fixed tables, and everything else (membership sets, fallback evaluators) is passed in as
// values and referenced by index.
//
// Three-valued logic without materialising `undefined`: each node is generated in two forms,
// "is true" and "is false". NOT swaps them, AND/OR follow Kleene's tables, and a row passes exactly
// when the root "is true" form holds. Every node appears once per form it is needed in, so the code
// grows linearly with the query.
import type { ComparisonOperator, Condition, Expression, LiteralValue } from "./ast.ts";
import { arithmeticChain, logicalOperands } from "./chains.ts";
import { compareValues, compileMembership } from "./compare.ts";
import { compileConditionWithClosures, compileExpression, type Evaluator } from "./compile.ts";
import { needsOwnCheck, pathSteps, readInsensitive, readOwn } from "./paths.ts";

const FLIPPED: Record<ComparisonOperator, ComparisonOperator> = { "=": "=", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<=" };
const ARITHMETIC = { "+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod" } as const;

function finiteOrUndefined(n: number): number | undefined {
  return Number.isFinite(n) ? n : undefined;
}

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
};

/** A filter: true only when the condition is exactly true (undefined and false both reject the row). */
export function compileCondition(condition: Condition): (doc: unknown) => boolean {
  // V8 compiles a function on its first call, recursively: tens of thousands of terms overflow its
  // stack. A trial call forces that now; a condition that big runs on closures, which loop instead.
  try {
    const generated = generateCondition(condition);
    generated(undefined);
    return generated;
  } catch (e) {
    // EvalError: code generation is switched off (--disallow-code-generation-from-strings).
    if (e instanceof RangeError || e instanceof EvalError) return compileConditionWithClosures(condition);
    throw e;
  }
}

function generateCondition(condition: Condition): (doc: unknown) => boolean {
  const generator = new Generator();
  const body = generator.isTrue(condition);
  const temporaries = generator.temporaries();
  const source = [
    `"use strict";`,
    `const { compareValues, readInsensitive, readOwn, add, sub, mul, div, mod, neg } = helpers;`,
    `return function compiledCondition(d) {`,
    temporaries.length > 0 ? `  let ${temporaries.join(", ")};` : "",
    `  return ${body};`,
    `};`,
  ].join("\n");
  const factory = new Function("helpers", "members", "values", source) as (
    helpers: typeof HELPERS, members: Array<(v: unknown) => unknown>, values: Evaluator[],
  ) => (doc: unknown) => boolean;
  return factory(HELPERS, generator.members, generator.values);
}

class Generator {
  readonly members: Array<(v: unknown) => unknown> = [];
  readonly values: Evaluator[] = [];
  private temporaryCount = 0;

  temporaries(): string[] {
    return Array.from({ length: this.temporaryCount }, (_, i) => `t${i}`);
  }

  private temporary(): string {
    return `t${this.temporaryCount++}`;
  }

  /** A JS boolean expression that holds exactly when `e` evaluates to true. */
  isTrue(e: Expression): string {
    switch (e.kind) {
      case "and": return `(${logicalOperands(e).map((o) => this.isTrue(o)).join(" && ")})`;
      case "or": return `(${logicalOperands(e).map((o) => this.isTrue(o)).join(" || ")})`;
      case "not": return this.isFalse(e.operand);
      case "comparison": return this.comparison(e.operator, e.left, e.right, true);
      case "in": return `(members[${this.membership(e.list.map((i) => i.value))}](${this.value(e.value)}) === ${!e.negated})`;
      case "is_defined": return `(${this.value(e.argument)} !== undefined)`;
      default: return `(${this.value(e)} === true)`;
    }
  }

  /** A JS boolean expression that holds exactly when `e` evaluates to false. */
  isFalse(e: Expression): string {
    switch (e.kind) {
      case "and": return `(${logicalOperands(e).map((o) => this.isFalse(o)).join(" || ")})`;
      case "or": return `(${logicalOperands(e).map((o) => this.isFalse(o)).join(" && ")})`;
      case "not": return this.isTrue(e.operand);
      case "comparison": return this.comparison(e.operator, e.left, e.right, false);
      case "in": return `(members[${this.membership(e.list.map((i) => i.value))}](${this.value(e.value)}) === ${e.negated})`;
      case "is_defined": return `(${this.value(e.argument)} === undefined)`;
      default: return `(${this.value(e)} === false)`;
    }
  }

  /** A JS expression for the JSON value of `e` (undefined when missing). */
  private value(e: Expression): string {
    switch (e.kind) {
      case "literal": return literal(e.value) ?? this.fallback(e);
      case "path": return this.path(e.segments);
      case "arithmetic": {
        // A flat comma sequence through one temporary, however long the chain: `(t = a, t = add(t, b), t)`.
        const { first, steps } = arithmeticChain(e);
        const t = this.temporary();
        const parts = [`${t} = ${this.value(first)}`, ...steps.map((s) => `${t} = ${ARITHMETIC[s.operator]}(${t}, ${this.value(s.operand)})`)];
        return `(${parts.join(", ")}, ${t})`;
      }
      case "negate": return `neg(${this.value(e.operand)})`;
      // A condition used as a value (`(a = 1) = true`) is rare: evaluate it with the closure compiler.
      default: return this.fallback(e);
    }
  }

  private fallback(e: Expression): string {
    this.values.push(compileExpression(e));
    return `values[${this.values.length - 1}](d)`;
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
