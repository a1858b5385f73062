// The canonical text of a WHERE clause: what a job id hashes, so that a reformatted query names the
// same job. Whitespace, keyword case, quoting style, number spelling and redundant parentheses do not
// survive parsing and re-printing; AND/OR chains are flattened (both are associative), so
// `(a AND b) AND c` and `a AND (b AND c)` read the same. Operand order is kept: reordering a
// condition is a change a reviewer sees and approves, and it costs nothing to treat it as one.
import type { Expression } from "./ast.ts";
import { arithmeticChain, logicalOperands } from "./chains.ts";
import { formatExpression } from "./format.ts";
import { parseConditionText } from "./parser.ts";
import { catchSyntaxError } from "./syntax-error.ts";

/** `*` (every device) as a job's queryCondition. */
const ALL_DEVICES = "*";

/**
 * The canonical form of a job's queryCondition. Text that does not parse is returned trimmed: the
 * manifest checks refuse it before any job exists, so only hand-made requests get here.
 */
export function canonicalCondition(text: string): string {
  const trimmed = text.trim();
  if (trimmed === ALL_DEVICES) return ALL_DEVICES;
  const parsed = catchSyntaxError(() => parseConditionText(trimmed));
  return parsed.ok ? formatExpression(flatten(parsed.value)) : trimmed;
}

/** The same condition with every AND (OR) operand that is itself an AND (OR) merged into its chain. */
function flatten(e: Expression): Expression {
  switch (e.kind) {
    case "and":
    case "or": {
      const operands: Expression[] = [];
      // An explicit stack, not recursion: chains may be thousands of terms long (chains.ts).
      const pending = logicalOperands(e).reverse();
      while (pending.length > 0) {
        const operand = pending.pop()!;
        if (operand.kind === e.kind) pending.push(...logicalOperands(operand).reverse());
        else operands.push(flatten(operand));
      }
      return operands.reduce((left, right) => ({ kind: e.kind, left, right, offset: e.offset, length: e.length }));
    }
    case "not":
    case "negate":
      return { ...e, operand: flatten(e.operand) };
    case "comparison":
      return { ...e, left: flatten(e.left), right: flatten(e.right) };
    case "arithmetic": {
      // Left-deep like AND chains, and as long: rebuilt with a loop over its steps.
      const { first, steps } = arithmeticChain(e);
      return steps.reduce<Expression>((left, { operator, operand }) => ({ kind: "arithmetic", operator, left, right: flatten(operand), offset: e.offset, length: e.length }), flatten(first));
    }
    case "in":
      return { ...e, value: flatten(e.value) };
    case "is_defined":
      return { ...e, argument: flatten(e.argument) };
    default:
      return e;
  }
}
