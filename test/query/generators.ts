import type { Expression } from "../../src/query/index.ts";
import { seededRandom } from "../../src/util/seeded-random.ts";

// Deterministic generators for property-style tests: a seeded PRNG, so a failure replays identically.

export const prng = seededRandom;

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

// Characters chosen to break naive quoting: quotes, backslashes, brackets, escapes-looking text,
// control characters, unicode, astral characters and lone surrogates.
const HOSTILE_PIECES = ["'", '"', "\\", "\\'", "']", "] OR 1=1", "' OR '1'='1", "\\u0027", "\n", "\r", "\t", "\u0000", "é", "中", "😀", "\ud800", "\udfff", " ", "-", "a", "Z", "0", "$", ".", "[", ","];

export function hostileString(random: () => number): string {
  const n = Math.floor(random() * 8);
  let s = "";
  for (let i = 0; i < n; i++) s += pick(random, HOSTILE_PIECES);
  return s;
}

const span = { offset: 0, length: 0 };

/** A random condition tree over a few paths that random twins (randomTwin) fill in or leave out. */
export function randomExpression(random: () => number, depth: number, leafKind?: "path" | "literal"): Expression {
  const leaf = depth <= 0 || random() < 0.25;
  if (leaf) {
    const choice = leafKind === "path" ? 0 : leafKind === "literal" ? 1 + Math.floor(random() * 3) : Math.floor(random() * 4);
    if (choice === 0) return { kind: "path", segments: [pick(random, ["tags", "deviceId", "status"]), ...(random() < 0.5 ? [pick(random, ["a", "in", "$v", "x-y", "'q'"])] : [])], ...span };
    if (choice === 1) return { kind: "literal", value: random() < 0.5 ? pick(random, ["", "a", "43", "'q'"]) : hostileString(random), ...span };
    if (choice === 2) return { kind: "literal", value: pick(random, [0, 1, -2, 2.5, 1e21, 1e-7, -0.5]), ...span };
    return { kind: "literal", value: pick(random, [true, false, null]), ...span };
  }
  const next = () => randomExpression(random, depth - 1);
  switch (Math.floor(random() * 8)) {
    case 0: return { kind: "and", left: next(), right: next(), ...span };
    case 1: return { kind: "or", left: next(), right: next(), ...span };
    case 2: return { kind: "not", operand: next(), ...span };
    case 3: {
      // Half the time the common `path op constant` shape (either way round), which compiles to a fast path.
      const operator = pick(random, ["=", "!=", "<", ">", "<=", ">="] as const);
      if (random() < 0.5) return { kind: "comparison", operator, left: next(), right: next(), ...span };
      const [path, constant] = [randomExpression(random, 0, "path"), randomExpression(random, 0, "literal")];
      return random() < 0.5 ? { kind: "comparison", operator, left: path, right: constant, ...span } : { kind: "comparison", operator, left: constant, right: path, ...span };
    }
    case 4: return { kind: "arithmetic", operator: pick(random, ["+", "-", "*", "/", "%"] as const), left: next(), right: next(), ...span };
    case 5: return { kind: "negate", operand: { kind: "path", segments: ["tags", "n"], ...span }, ...span };
    case 6: return { kind: "is_defined", argument: next(), ...span };
    default: return { kind: "in", negated: random() < 0.5, value: next(), list: [{ kind: "literal", value: hostileString(random), ...span }, { kind: "literal", value: -1, ...span }], ...span };
  }
}


const VALUE_POOL: unknown[] = [undefined, null, true, false, 0, 1, -2, 2.5, "", "a", "43", "'q'", { a: 1 }, ["a"]];

/** A twin whose paths used by randomExpression hold random values, or are missing. */
export function randomTwin(random: () => number): unknown {
  const some = () => pick(random, VALUE_POOL);
  const tags: Record<string, unknown> = {};
  for (const key of ["a", "in", "$v", "x-y", "'q'", "n"]) {
    const v = some();
    if (v !== undefined) tags[key] = v;
  }
  return { deviceId: some(), status: some(), tags: random() < 0.9 ? tags : some() };
}

const CONSTANTS: LiteralValueLike[] = [null, true, false, 0, 1, -2, 2.5, "", "a", "43", "'q'"];
type LiteralValueLike = string | number | boolean | null;

function randomPath(random: () => number): Expression {
  const segments = pick(random, [["tags", "a"], ["tags", "n"], ["tags", "in"], ["tags", "x-y"], ["status"], ["deviceId"], ["tags"]]);
  return { kind: "path", segments, ...span };
}

function randomConstant(random: () => number): Expression {
  return { kind: "literal", value: pick(random, CONSTANTS), ...span };
}

/** A random condition shaped like real ones: AND/OR/NOT over comparisons, IN, IS_DEFINED and arithmetic. */
export function randomCondition(random: () => number, depth: number): Expression {
  if (depth <= 0 || random() < 0.3) {
    const roll = random();
    const operator = pick(random, ["=", "!=", "<", ">", "<=", ">="] as const);
    if (roll < 0.5) {
      const [path, constant] = [randomPath(random), randomConstant(random)];
      return random() < 0.5 ? { kind: "comparison", operator, left: path, right: constant, ...span } : { kind: "comparison", operator, left: constant, right: path, ...span };
    }
    if (roll < 0.65) {
      const side = (): Expression => {
        const r = random();
        if (r < 0.5) return randomPath(random);
        if (r < 0.8) return { kind: "arithmetic", operator: pick(random, ["+", "-", "*", "/", "%"] as const), left: randomPath(random), right: randomConstant(random), ...span };
        return { kind: "negate", operand: randomPath(random), ...span };
      };
      return { kind: "comparison", operator, left: side(), right: side(), ...span };
    }
    if (roll < 0.8) {
      const list = Array.from({ length: Math.floor(random() * 3) }, () => ({ kind: "literal" as const, value: pick(random, CONSTANTS), ...span }));
      return { kind: "in", negated: random() < 0.5, value: randomPath(random), list, ...span };
    }
    if (roll < 0.9) return { kind: "is_defined", argument: randomPath(random), ...span };
    return random() < 0.5 ? randomPath(random) : randomConstant(random);
  }
  const roll = random();
  if (roll < 0.25) return { kind: "not", operand: randomCondition(random, depth - 1), ...span };
  return { kind: roll < 0.6 ? "and" : "or", left: randomCondition(random, depth - 1), right: randomCondition(random, depth - 1), ...span };
}
