import { describe, expect, it } from "vitest";
import { compileConditionWithClosures } from "../../src/query/compile.ts";
import { compileCondition, parseCondition } from "../../src/query/index.ts";
import { prng, randomCondition, randomExpression, randomTwin } from "./generators.ts";

function filter(text: string): (doc: unknown) => boolean {
  const result = parseCondition(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return compileCondition(result.value);
}

describe("compileCondition (generated code)", () => {
  it.each([
    ["realistic conditions", (random: () => number) => randomCondition(random, 4)],
    ["arbitrary expression trees", (random: () => number) => randomExpression(random, 4)],
  ])("agrees with the closure evaluator on many generated %s and twins", (_, generate) => {
    const random = prng(4);
    for (let i = 0; i < 1500; i++) {
      const tree = generate(random);
      const generated = compileCondition(tree);
      const reference = compileConditionWithClosures(tree);
      for (let j = 0; j < 8; j++) {
        const doc = randomTwin(random);
        expect(generated(doc), JSON.stringify({ tree, doc })).toBe(reference(doc));
      }
    }
  });

  it("treats hostile names and strings as data, never as code", () => {
    const names = [`"]); throw new Error("x"); //`, "\\", "'\"`${1}`", "\u2028\u2029", "</script>", "a\nb"];
    for (const name of names) {
      const quoted = `'${name.replace(/[\\']/g, (c) => `\\${c}`)}'`;
      const check = filter(`tags[${quoted}] = ${quoted} AND NOT tags[${quoted}] != ${quoted}`);
      expect(check({ tags: { [name]: name } })).toBe(true);
      expect(check({ tags: { [name]: "other" } })).toBe(false);
      expect(check({ tags: {} })).toBe(false);
    }
  });

  it("reads only own properties and respects the case rule in generated code", () => {
    expect(filter("IS_DEFINED(tags.constructor)")({ tags: {} })).toBe(false);
    expect(filter("IS_DEFINED(deviceId.length)")({ deviceId: "abc" })).toBe(false);
    expect(filter("IS_DEFINED(tags.charAt)")({ tags: "abc" })).toBe(false);
    expect(filter("tags.length = 3")({ tags: { length: 3 } })).toBe(true);
    expect(filter("DEVICEID = 'a'")({ DeviceId: "a" })).toBe(true);
    expect(filter("tags.A = 1")({ tags: { a: 1 } })).toBe(false);
  });

  it("handles conditions used as values and constant-only comparisons", () => {
    expect(filter("(tags.a = 1) = true")({ tags: { a: 1 } })).toBe(true);
    expect(filter("(tags.a = 1) = false")({ tags: { a: 2 } })).toBe(true);
    expect(filter("(tags.a = 1) = false")({ tags: {} })).toBe(false);
    expect(filter("1 = 1")({})).toBe(true);
    expect(filter("'a' < 'b' AND NOT 2 < 1")({})).toBe(true);
  });
});
