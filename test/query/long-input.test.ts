import { describe, expect, it } from "vitest";
import { compileCondition, compileExpression, formatExpression, MAX_NESTING, parseCondition, type Condition } from "../../src/query/index.ts";

// Chains as long as a hostile or careless caller might send: far beyond the service's 8 KB limit,
// which the callers enforce. Nothing here may overflow the stack.
const TERMS = 10_000;

function parse(text: string): Condition {
  const result = parseCondition(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe("long and deep input", () => {
  it("evaluates AND and OR chains of many terms", () => {
    const all = parse(Array.from({ length: TERMS }, (_, i) => `tags.t${i % 50} >= 0`).join(" AND "));
    const any = parse(Array.from({ length: TERMS }, (_, i) => `deviceId = 'd${i}'`).join(" OR "));
    const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, i]));
    expect(compileCondition(all)({ tags })).toBe(true);
    expect(compileCondition(all)({ tags: { ...tags, t7: -1 } })).toBe(false);
    expect(compileCondition(any)({ deviceId: `d${TERMS - 1}` })).toBe(true);
    expect(compileCondition(any)({ deviceId: "other" })).toBe(false);
  });

  it("evaluates long arithmetic chains", () => {
    const sum = parse(`${Array.from({ length: TERMS }, () => "tags.one").join(" + ")} = ${TERMS}`);
    expect(compileCondition(sum)({ tags: { one: 1 } })).toBe(true);
    expect(compileCondition(sum)({ tags: { one: "1" } })).toBe(false);
    expect(compileExpression(sum)({ tags: { one: "1" } })).toBeUndefined();
  });

  it("evaluates conditions used as values nested to the limit, in time linear in the nesting", () => {
    let text = "tags.a = 1";
    for (let i = 0; i < MAX_NESTING - 1; i++) text = `(${text}) = true`;
    const nested = parse(text);
    // Unknown at every level: each level needs both of its operand's answers, and gets them from one evaluation.
    expect(compileExpression(nested)({ tags: {} })).toBeUndefined();
    expect(compileCondition(nested)({ tags: { a: 1 } })).toBe(true);
    expect(compileCondition(nested)({ tags: { a: 2 } })).toBe(false);
  });

  it("refuses a condition too large to compile with a clear error", () => {
    const huge = parse(Array.from({ length: 60_000 }, (_, i) => `tags.t${i % 50} + ${i} >= 0`).join(" AND "));
    expect(() => compileCondition(huge)).toThrow(/query condition too large to compile .* far beyond IoT Hub's query length limit/);
  });

  it("formats long chains back to the same text", () => {
    const text = Array.from({ length: TERMS }, (_, i) => `a - ${i} < b * ${i}`).join(" OR ");
    expect(formatExpression(parse(text))).toBe(text);
  });

  it("accepts nesting up to the limit and reports the first level beyond it", () => {
    const atLimit = `${"(".repeat(MAX_NESTING)}a = 1${")".repeat(MAX_NESTING)}`;
    expect(parseCondition(atLimit).ok).toBe(true);
    // NOT takes the first level, so the last parenthesis is one too many.
    expect(parseCondition(`NOT ${atLimit}`)).toMatchObject({ ok: false, error: { code: "E_QUERY_TOO_DEEP", offset: 4 + MAX_NESTING - 1, length: 1 } });
    expect(parseCondition(`${"NOT ".repeat(MAX_NESTING + 1)}a`)).toMatchObject({ ok: false, error: { code: "E_QUERY_TOO_DEEP", offset: MAX_NESTING * 4, length: 3 } });
    expect(parseCondition(`${"-".repeat(MAX_NESTING + 1)}1 = 1`)).toMatchObject({ ok: false, error: { code: "E_QUERY_TOO_DEEP", offset: MAX_NESTING } });
    expect(parseCondition(`${"(".repeat(10_000)}`)).toMatchObject({ ok: false, error: { code: "E_QUERY_TOO_DEEP" } });
  });
});
