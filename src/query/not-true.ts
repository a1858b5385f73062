// "This condition does not hold", in the query language itself. `NOT (c)` is not that: the language
// has three values, and a comparison with a property a device does not have is undefined, as is NOT
// of it, so `NOT (tags.ring = 'canary')` leaves out every device without a `ring` tag. A rollout
// excludes its earlier waves with this form, so a device in no earlier wave is always in the rest.
//
// Built from four views of a condition c, each an expression that is exactly true or not:
//   holds(c)       c is true               fails(c)      c is false
//   notHolds(c)    c is false or undefined notFails(c)   c is true or undefined
// A comparison is undefined when one of its properties is missing (IS_DEFINED is false), which is
// how these views tell undefined from false. (Comparing values of different types is undefined too
// and is not covered: a device whose tag has another type than the condition's literal counts as
// matching neither the wave nor its exclusion.)
import type { Expression, PathExpression } from "./ast.ts";
import { logicalOperands } from "./chains.ts";
import { formatExpression } from "./format.ts";
import { parseConditionText } from "./parser.ts";
import { catchSyntaxError } from "./syntax-error.ts";

const ALL_DEVICES = "*";

/** A condition that holds exactly when `condition` does not; for `*`, one that never holds. */
export function notTrueCondition(condition: string): string {
  if (condition.trim() === ALL_DEVICES) return "false";
  const parsed = catchSyntaxError(() => parseConditionText(condition));
  if (!parsed.ok) throw new Error(`cannot exclude a condition that does not parse: ${parsed.error.message}`);
  return formatExpression(notHolds(parsed.value));
}

const at = (e: Expression) => ({ offset: e.offset, length: e.length });
const not = (e: Expression): Expression => ({ kind: "not", operand: e, ...at(e) });
const chain = (kind: "and" | "or", operands: Expression[], like: Expression): Expression =>
  operands.reduce((left, right) => ({ kind, left, right, ...at(like) }));

/** Whether a node decides its own truth (a comparison, IN, IS_DEFINED, a literal, a path). */
function isAtom(e: Expression): boolean {
  return e.kind !== "and" && e.kind !== "or" && e.kind !== "not";
}

/** `NOT IS_DEFINED(p)` for each property the atom reads: any one missing makes it undefined. */
function undefinedWhen(e: Expression): Expression[] {
  const paths: PathExpression[] = [];
  const pending: Expression[] = [e];
  while (pending.length > 0) {
    const n = pending.pop()!;
    switch (n.kind) {
      case "path": paths.push(n); break;
      case "comparison": case "arithmetic": pending.push(n.left, n.right); break;
      case "negate": pending.push(n.operand); break;
      case "in": pending.push(n.value); break;
      default: break; // literals, and IS_DEFINED, which is never undefined
    }
  }
  if (e.kind === "is_defined") return [];
  return paths.map((p) => not({ kind: "is_defined", argument: p, ...at(p) }));
}

function holds(e: Expression): Expression {
  if (isAtom(e)) return e;
  if (e.kind === "not") return fails(e.operand);
  return chain(e.kind as "and" | "or", logicalOperands(e as Expression & { kind: "and" | "or" }).map(holds), e);
}

function fails(e: Expression): Expression {
  if (isAtom(e)) return not(e); // NOT of an undefined atom is undefined: exactly "false"
  if (e.kind === "not") return holds(e.operand);
  const operands = logicalOperands(e as Expression & { kind: "and" | "or" }).map(fails);
  return chain(e.kind === "and" ? "or" : "and", operands, e);
}

function notHolds(e: Expression): Expression {
  if (isAtom(e)) return chain("or", [not(e), ...undefinedWhen(e)], e);
  if (e.kind === "not") return notFails(e.operand);
  const operands = logicalOperands(e as Expression & { kind: "and" | "or" }).map(notHolds);
  return chain(e.kind === "and" ? "or" : "and", operands, e);
}

function notFails(e: Expression): Expression {
  if (isAtom(e)) return chain("or", [e, ...undefinedWhen(e)], e);
  if (e.kind === "not") return notHolds(e.operand);
  const operands = logicalOperands(e as Expression & { kind: "and" | "or" }).map(notFails);
  return chain(e.kind as "and" | "or", operands, e);
}
