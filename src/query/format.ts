// Turns a syntax tree back into query text that parses to the same tree: for `hubjobs plan`, logs, and
// for sending a normalised condition to a hub. Strings always go through quoteString.
import type { Expression, LiteralValue, PathExpression, Query } from "./ast.ts";
import { logicalOperands } from "./chains.ts";
import { quoteString } from "./quote.ts";

const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}\p{Mn}\p{Mc}_$]*$/u;

// Binding strength: a child weaker than its parent's operator gets parentheses.
const STRENGTH = { or: 1, and: 2, not: 3, comparison: 4, in: 4, additive: 5, multiplicative: 6, negate: 7, atom: 8 } as const;

export function formatExpression(e: Expression): string {
  switch (e.kind) {
    case "literal": return formatLiteral(e.value);
    case "path": return formatPath(e);
    case "is_defined": return `IS_DEFINED(${wrap(e.argument, STRENGTH.additive)})`;
    // Chains are flattened (see chains.ts); a parenthesised operand of the same kind keeps its parentheses.
    case "or": return logicalOperands(e).map((o) => wrap(o, STRENGTH.or + 1)).join(" OR ");
    case "and": return logicalOperands(e).map((o) => wrap(o, STRENGTH.and + 1)).join(" AND ");
    case "not": return `NOT ${wrap(e.operand, STRENGTH.not)}`;
    case "comparison": return `${wrap(e.left, STRENGTH.additive)} ${e.operator} ${wrap(e.right, STRENGTH.additive)}`;
    case "in": return `${wrap(e.value, STRENGTH.additive)} ${e.negated ? "NIN" : "IN"} [${e.list.map((i) => formatLiteral(i.value)).join(", ")}]`;
    case "arithmetic": {
      // Walk the left spine with a loop; a left operand of weaker precedence ends the spine in parentheses.
      let text = "";
      const steps: string[] = [];
      let current: Expression = e;
      let level = levelOf(e.operator);
      for (;;) {
        if (current.kind !== "arithmetic") {
          text = wrap(current, level);
          break;
        }
        level = levelOf(current.operator);
        steps.push(` ${current.operator} ${wrap(current.right, level + 1)}`);
        const left: Expression = current.left;
        if (left.kind === "arithmetic" && levelOf(left.operator) < level) {
          text = `(${formatExpression(left)})`;
          break;
        }
        current = left;
      }
      return text + steps.reverse().join("");
    }
    case "negate": return `-${wrap(e.operand, STRENGTH.negate)}`;
  }
}

export function formatQuery(q: Query): string {
  const select = q.select === "*"
    ? "*"
    : q.select.map((p) => (p.kind === "count" ? `COUNT() AS ${p.name}` : p.name === p.path.segments.at(-1) ? formatPath(p.path) : `${formatPath(p.path)} AS ${p.name}`)).join(", ");
  let text = `SELECT ${select} FROM ${q.from}`;
  if (q.where !== undefined) text += ` WHERE ${formatExpression(q.where)}`;
  if (q.groupBy.length > 0) text += ` GROUP BY ${q.groupBy.map(formatPath).join(", ")}`;
  return text;
}

function levelOf(operator: string): number {
  return operator === "+" || operator === "-" ? STRENGTH.additive : STRENGTH.multiplicative;
}

function strength(e: Expression): number {
  switch (e.kind) {
    case "or": return STRENGTH.or;
    case "and": return STRENGTH.and;
    case "not": return STRENGTH.not;
    case "comparison": return STRENGTH.comparison;
    case "in": return STRENGTH.in;
    case "arithmetic": return e.operator === "+" || e.operator === "-" ? STRENGTH.additive : STRENGTH.multiplicative;
    case "negate": return STRENGTH.negate;
    // A negative number reads back as a negation of a positive one, which binds like `-x`.
    case "literal": return typeof e.value === "number" && (e.value < 0 || Object.is(e.value, -0)) ? STRENGTH.negate : STRENGTH.atom;
    default: return STRENGTH.atom;
  }
}

function wrap(e: Expression, atLeast: number): string {
  const text = formatExpression(e);
  return strength(e) >= atLeast ? text : `(${text})`;
}

function formatLiteral(v: LiteralValue): string {
  if (typeof v === "string") return quoteString(v);
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  return String(v);
}

function formatPath(p: PathExpression): string {
  return p.segments.map((s, i) => (IDENTIFIER.test(s) ? (i === 0 ? s : `.${s}`) : `[${quoteString(s)}]`)).join("");
}
