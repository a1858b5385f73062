// Compiles a syntax tree into closures once: values for projections and GROUP BY keys, and the
// fallback for the rare conditions used as values. Conditions themselves go through generate.ts.
import type { ArithmeticOperator, ComparisonOperator, Condition, Expression, LiteralValue } from "./ast.ts";
import { arithmeticChain, logicalOperands } from "./chains.ts";
import { compareValues, compileMembership, type Truth } from "./compare.ts";
import { compilePath } from "./paths.ts";

export type Evaluator = (doc: unknown) => unknown;

/**
 * A filter built from closures: true only when the condition is exactly true. The public
 * compileCondition (generate.ts) is faster; this one is its reference in differential tests.
 */
export function compileConditionWithClosures(condition: Condition): (doc: unknown) => boolean {
  const evaluate = compileExpression(condition);
  return (doc) => evaluate(doc) === true;
}

/** Any expression to a function of the row: a JSON value, true/false for conditions, undefined when missing. */
export function compileExpression(expression: Expression): Evaluator {
  switch (expression.kind) {
    case "literal": {
      const value = expression.value;
      return () => value;
    }
    case "path":
      return compilePath(expression.segments);
    case "and":
      return andAll(logicalOperands(expression).map((o) => compileExpression(o)));
    case "or":
      return orAll(logicalOperands(expression).map((o) => compileExpression(o)));
    case "not": {
      const operand = compileExpression(expression.operand);
      return (doc) => {
        const v = operand(doc);
        return v === true ? false : v === false ? true : undefined;
      };
    }
    case "comparison":
      return comparison(expression.operator, expression.left, expression.right);
    case "in": {
      const value = compileExpression(expression.value);
      const member = compileMembership(expression.list.map((item) => item.value));
      if (!expression.negated) return (doc) => member(value(doc));
      return (doc) => {
        const v = member(value(doc));
        return v === undefined ? undefined : !v;
      };
    }
    case "is_defined": {
      const argument = compileExpression(expression.argument);
      return (doc) => argument(doc) !== undefined;
    }
    case "negate": {
      const operand = compileExpression(expression.operand);
      return (doc) => {
        const v = operand(doc);
        return typeof v === "number" ? finite(-v) : undefined;
      };
    }
    case "arithmetic": {
      const { first, steps } = arithmeticChain(expression);
      if (steps.length === 1) return arithmetic((steps[0] as (typeof steps)[0]).operator, compileExpression(first), compileExpression((steps[0] as (typeof steps)[0]).operand));
      const start = compileExpression(first);
      const compiled = steps.map((s) => ({ apply: OPERATIONS[s.operator], operand: compileExpression(s.operand) }));
      return (doc) => {
        let value = start(doc);
        for (const { apply, operand } of compiled) {
          if (typeof value !== "number") return undefined;
          const b = operand(doc);
          if (typeof b !== "number") return undefined;
          value = finite(apply(value, b));
        }
        return value;
      };
    }
  }
}

/** Kleene AND over a chain: false wins, then undefined. A loop, so chain length never becomes stack depth. */
function andAll(operands: Evaluator[]): Evaluator {
  if (operands.length === 2) return and(operands[0] as Evaluator, operands[1] as Evaluator);
  return (doc) => {
    let unknown = false;
    for (const operand of operands) {
      const v = operand(doc);
      if (v === false) return false;
      if (v !== true) unknown = true;
    }
    return unknown ? undefined : true;
  };
}

/** Kleene OR over a chain: true wins, then undefined. */
function orAll(operands: Evaluator[]): Evaluator {
  if (operands.length === 2) return or(operands[0] as Evaluator, operands[1] as Evaluator);
  return (doc) => {
    let unknown = false;
    for (const operand of operands) {
      const v = operand(doc);
      if (v === true) return true;
      if (v !== false) unknown = true;
    }
    return unknown ? undefined : false;
  };
}

/** Kleene AND: false wins, then undefined; the right side is skipped when the left is false. */
function and(left: Evaluator, right: Evaluator): Evaluator {
  return (doc) => {
    const l = left(doc);
    if (l === false) return false;
    const r = right(doc);
    if (r === false) return false;
    return l === true && r === true ? true : undefined;
  };
}

/** Kleene OR: true wins, then undefined. */
function or(left: Evaluator, right: Evaluator): Evaluator {
  return (doc) => {
    const l = left(doc);
    if (l === true) return true;
    const r = right(doc);
    if (r === true) return true;
    return l === false && r === false ? false : undefined;
  };
}

const FLIPPED: Record<ComparisonOperator, ComparisonOperator> = { "=": "=", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<=" };

function comparison(operator: ComparisonOperator, left: Expression, right: Expression): Evaluator {
  // The usual shape is `path <op> constant`: specialise it so the hot loop does one typeof and one compare.
  if (right.kind === "literal" && left.kind !== "literal") return compareWithConstant(operator, compileExpression(left), right.value);
  if (left.kind === "literal" && right.kind !== "literal") return compareWithConstant(FLIPPED[operator], compileExpression(right), left.value);
  const l = compileExpression(left);
  const r = compileExpression(right);
  return (doc) => compareValues(operator, l(doc), r(doc));
}

function compareWithConstant(operator: ComparisonOperator, get: Evaluator, constant: LiteralValue): Evaluator {
  if (constant === null || typeof constant === "boolean") return (doc) => compareValues(operator, get(doc), constant);
  const type = typeof constant;
  // Same runtime type as the value it meets (checked by typeof), so one cast serves strings and numbers.
  const c = constant as number;
  // A value of the constant's type compares; null is unequal to it; anything else is undefined.
  const otherwise = (v: unknown): Truth => (v === null ? (operator === "=" ? false : operator === "!=" ? true : undefined) : undefined);
  switch (operator) {
    case "=": return (doc) => { const v = get(doc); return typeof v === type ? v === constant : otherwise(v); };
    case "!=": return (doc) => { const v = get(doc); return typeof v === type ? v !== constant : otherwise(v); };
    case "<": return (doc) => { const v = get(doc); return typeof v === type ? (v as number) < c : undefined; };
    case ">": return (doc) => { const v = get(doc); return typeof v === type ? (v as number) > c : undefined; };
    case "<=": return (doc) => { const v = get(doc); return typeof v === type ? (v as number) <= c : undefined; };
    case ">=": return (doc) => { const v = get(doc); return typeof v === type ? (v as number) >= c : undefined; };
  }
}

const OPERATIONS: Record<ArithmeticOperator, (a: number, b: number) => number> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": (a, b) => a / b,
  "%": (a, b) => a % b,
};

/** Arithmetic on numbers only; anything else, or a non-finite result (x / 0), is undefined. */
function arithmetic(operator: ArithmeticOperator, left: Evaluator, right: Evaluator): Evaluator {
  const apply = OPERATIONS[operator];
  return (doc) => {
    const a = left(doc);
    if (typeof a !== "number") return undefined;
    const b = right(doc);
    if (typeof b !== "number") return undefined;
    return finite(apply(a, b));
  };
}

function finite(n: number): number | undefined {
  return Number.isFinite(n) ? n : undefined;
}
