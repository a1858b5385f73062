// Comparison semantics, shared by the compiled evaluator and its tests.
//
// Three-valued: a comparison answers true, false or undefined. It is undefined when either side is
// undefined (a missing property), not a primitive (an object or array), or of a different type than the
// other side (string vs number, boolean vs string...). Two exceptions keep everyday queries working:
// `null` is equal to `null` and unequal to any other primitive (so `x != null` is true for a set
// string). Ordering (< > <= >=) is defined only between two numbers or two strings (ordinal, by UTF-16
// code unit); ordering booleans or null is undefined.
import type { ComparisonOperator, LiteralValue } from "./ast.ts";

export type Truth = boolean | undefined;

export function compareValues(operator: ComparisonOperator, a: unknown, b: unknown): Truth {
  if (a === undefined || b === undefined) return undefined;
  if (a === null || b === null) {
    if (!isPrimitive(a) || !isPrimitive(b)) return undefined;
    if (operator === "=") return a === b;
    if (operator === "!=") return a !== b;
    return undefined;
  }
  const type = typeof a;
  if (type !== typeof b || type === "object") return undefined;
  switch (operator) {
    case "=": return a === b;
    case "!=": return a !== b;
  }
  if (type !== "number" && type !== "string") return undefined;
  const x = a as number | string;
  const y = b as number | string;
  switch (operator) {
    case "<": return x < y;
    case ">": return x > y;
    case "<=": return x <= y;
    case ">=": return x >= y;
  }
}

function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== "object" && typeof v !== "function");
}

/**
 * `v IN list` as the OR of `v = item` for each item (Kleene): true when one item equals v; false when
 * every comparison is false; undefined otherwise (v missing, not a primitive, or an item of another type).
 */
export function compileMembership(list: readonly LiteralValue[]): (v: unknown) => Truth {
  const members = new Set<unknown>(list);
  const hasNull = members.has(null);
  // For each type of v: do all items compare (not undefined) with a value of that type?
  const comparableFor = (type: string) => list.every((item) => item === null || typeof item === type);
  const allComparable: Record<string, boolean> = {
    string: comparableFor("string"), number: comparableFor("number"), boolean: comparableFor("boolean"),
  };
  return (v) => {
    if (v === undefined) return undefined;
    if (v === null) return hasNull;
    const type = typeof v;
    if (type === "object") return undefined;
    if (members.has(v)) return true;
    return allComparable[type] === true ? false : undefined;
  };
}
