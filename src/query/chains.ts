// Long chains (`a AND b AND c ...`, `x + y - z ...`) parse into left-deep trees as deep as the chain
// is long. Walking them recursively would exhaust the stack on a few thousand terms, so every tree
// walker flattens a chain's left spine with a loop and recurses only into the operands.
import type { ArithmeticOperator, Expression, LogicalExpression } from "./ast.ts";

/** The operands of an AND (or OR) chain, left to right. */
export function logicalOperands(e: LogicalExpression): Expression[] {
  const operands: Expression[] = [];
  let current: Expression = e;
  while (current.kind === e.kind) {
    const link = current as LogicalExpression;
    operands.push(link.right);
    current = link.left;
  }
  operands.push(current);
  return operands.reverse();
}

/** `a + b - c` as the first operand and the (operator, operand) steps applied to it, left to right. */
export function arithmeticChain(e: Expression & { kind: "arithmetic" }): { first: Expression; steps: Array<{ operator: ArithmeticOperator; operand: Expression }> } {
  const steps: Array<{ operator: ArithmeticOperator; operand: Expression }> = [];
  let current: Expression = e;
  while (current.kind === "arithmetic") {
    steps.push({ operator: current.operator, operand: current.right });
    current = current.left;
  }
  return { first: current, steps: steps.reverse() };
}
