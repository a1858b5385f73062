import { describe, expect, it } from "vitest";
import { compareValues } from "../../src/query/compare.ts";
import { compileCondition, compileExpression, parseCondition, type Expression } from "../../src/query/index.ts";
import { prng, randomCondition, randomExpression, randomTwin } from "./generators.ts";

function matches(condition: string, doc: unknown): boolean {
  const result = parseCondition(condition);
  if (!result.ok) throw new Error(`unexpected error: ${result.error.message}`);
  return compileCondition(result.value)(doc);
}

/** The three-valued result itself (true, false or undefined), to test the logic that `matches` hides. */
function value(expression: string, doc: unknown): unknown {
  const result = parseCondition(expression);
  if (!result.ok) throw new Error(`unexpected error: ${result.error.message}`);
  return compileExpression(result.value)(doc);
}

const twin = {
  deviceId: "Device-1",
  etag: "AAAAAAAAAAE=",
  status: "enabled",
  connectionState: "Connected",
  capabilities: { iotEdge: false },
  version: 4,
  tags: { building: "43", floor: 3, Floor: "upper", owner: null, list: ["a"], nested: { deep: { x: 1 } } },
  properties: {
    desired: { $version: 7, LocationUpdate: "2026-11-26T00:00:00Z" },
    reported: { fw: 1.5, temperature: 21, mode: "eco", online: true },
  },
};

describe("compileCondition on twins", () => {
  it.each([
    ["tags.building = '43'", true],
    ["tags.building = 43", false],
    ["tags.building != '44'", true],
    ["tags.building <> '43'", false],
    ["properties.reported.fw < 2", true],
    ["properties.reported.fw <= 1.5", true],
    ["properties.reported.fw > 1.5", false],
    ["properties.reported.fw >= 1.5", true],
    ["properties.reported.mode < 'fast'", true],
    ["properties.reported.mode > 'fast'", false],
    ["properties.reported.online = true", true],
    ["capabilities.iotEdge = false", true],
    ["capabilities.iotEdge", false],
    ["properties.reported.online", true],
    ["properties.desired.$version = 7", true],
    ["tags.nested.deep.x = 1", true],
    ["tags.building = '43' AND properties.reported.fw < 2 AND NOT (status = 'disabled')", true],
    ["status = 'disabled' OR connectionState = 'Connected'", true],
    ["tags.owner = null", true],
    ["tags.owner != null", false],
    ["tags.building != null", true],
    ["tags.building = null", false],
    ["7 = properties.desired.$version", true],
    ["2 > properties.reported.fw", true],
  ])("%s -> %s", (condition, expected) => {
    expect(matches(condition, twin)).toBe(expected);
  });
});

describe("undefined semantics", () => {
  it("a missing property is neither equal nor unequal", () => {
    expect(value("tags.missing = 'x'", twin)).toBeUndefined();
    expect(value("tags.missing != 'x'", twin)).toBeUndefined();
    expect(value("tags.missing < 1", twin)).toBeUndefined();
    expect(matches("tags.missing != 'x'", twin)).toBe(false);
    expect(matches("NOT tags.missing = 'x'", twin)).toBe(false);
  });

  it("cross-type comparisons are undefined, in every operator", () => {
    for (const op of ["=", "!=", "<", ">", "<=", ">="]) {
      expect(value(`tags.building ${op} 43`, twin)).toBeUndefined();
      expect(value(`tags.floor ${op} '3'`, twin)).toBeUndefined();
      expect(value(`properties.reported.online ${op} 'true'`, twin)).toBeUndefined();
    }
  });

  it("objects and arrays never compare", () => {
    expect(value("tags.nested = tags.nested", twin)).toBeUndefined();
    expect(value("tags.list != 'a'", twin)).toBeUndefined();
  });

  it("ordering is defined for numbers and strings only", () => {
    expect(value("properties.reported.online > false", twin)).toBeUndefined();
    expect(value("tags.owner < 1", twin)).toBeUndefined();
    expect(value("tags.owner = tags.owner", twin)).toBe(true);
  });

  it("follows Kleene logic for NOT, AND and OR", () => {
    const U = "tags.missing = 1";
    const T = "tags.floor = 3";
    const F = "tags.floor = 4";
    expect(value(`NOT ${U}`, twin)).toBeUndefined();
    expect(value(`${U} AND ${T}`, twin)).toBeUndefined();
    expect(value(`${U} AND ${F}`, twin)).toBe(false);
    expect(value(`${F} AND ${U}`, twin)).toBe(false);
    expect(value(`${U} OR ${T}`, twin)).toBe(true);
    expect(value(`${T} OR ${U}`, twin)).toBe(true);
    expect(value(`${U} OR ${F}`, twin)).toBeUndefined();
    expect(value(`NOT (${U} OR ${F})`, twin)).toBeUndefined();
    expect(value(`NOT (${U} AND ${F})`, twin)).toBe(true);
  });

  it("treats a non-boolean condition as undefined", () => {
    expect(value("tags.building AND true", twin)).toBeUndefined();
    expect(matches("tags.building", twin)).toBe(false);
    expect(matches("NOT tags.building", twin)).toBe(false);
  });

  it("rejects anything that is not an object", () => {
    for (const doc of [null, undefined, 42, "Device-1", []]) expect(matches("deviceId = 'Device-1'", doc)).toBe(false);
  });
});

describe("IN and NIN", () => {
  it("matches members and rejects non-members", () => {
    expect(matches("deviceId IN ['Device-0', 'Device-1']", twin)).toBe(true);
    expect(matches("deviceId IN ['Device-0']", twin)).toBe(false);
    expect(matches("deviceId NIN ['Device-0']", twin)).toBe(true);
    expect(matches("deviceId NIN ['Device-1']", twin)).toBe(false);
    expect(matches("deviceId NOT IN ['Device-0']", twin)).toBe(true);
    expect(matches("tags.floor IN [1, 2, 3]", twin)).toBe(true);
    expect(matches("tags.owner IN [null]", twin)).toBe(true);
  });

  it("an empty list contains nothing", () => {
    expect(value("deviceId IN []", twin)).toBe(false);
    expect(value("deviceId NIN []", twin)).toBe(true);
  });

  it("is undefined for missing values, objects and other types", () => {
    expect(value("tags.missing IN ['a']", twin)).toBeUndefined();
    expect(value("tags.missing NIN ['a']", twin)).toBeUndefined();
    expect(value("tags.nested IN ['a']", twin)).toBeUndefined();
    expect(value("tags.floor IN ['3']", twin)).toBeUndefined();
    expect(value("tags.floor NIN ['3']", twin)).toBeUndefined();
    // One comparable item that differs and one of another type: false OR undefined.
    expect(value("tags.floor IN [4, 'x']", twin)).toBeUndefined();
    expect(value("tags.floor IN [3, 'x']", twin)).toBe(true);
  });
});

describe("arithmetic", () => {
  it.each([
    ["properties.reported.temperature + 1 = 22", true],
    ["properties.reported.temperature - 1 = 20", true],
    ["properties.reported.temperature * 2 = 42", true],
    ["properties.reported.temperature / 2 = 10.5", true],
    ["properties.reported.temperature % 4 = 1", true],
    ["-properties.reported.temperature = -21", true],
    ["tags.floor * tags.floor + 1 = 10", true],
  ])("%s", (condition, expected) => {
    expect(matches(condition, twin)).toBe(expected);
  });

  it("is undefined on non-numbers, missing values and non-finite results", () => {
    expect(value("tags.building + 1", twin)).toBeUndefined();
    expect(value("tags.missing * 2", twin)).toBeUndefined();
    expect(value("1 / 0", twin)).toBeUndefined();
    expect(value("-tags.building", twin)).toBeUndefined();
    expect(value("tags.building + 1 = 44", twin)).toBeUndefined();
  });
});

describe("IS_DEFINED", () => {
  it("is true for present values, including null, false and 0, and false for missing ones", () => {
    expect(value("IS_DEFINED(tags.building)", twin)).toBe(true);
    expect(value("IS_DEFINED(tags.owner)", twin)).toBe(true);
    expect(value("IS_DEFINED(capabilities.iotEdge)", twin)).toBe(true);
    expect(value("IS_DEFINED(tags.nested)", twin)).toBe(true);
    expect(value("IS_DEFINED(tags.missing)", twin)).toBe(false);
    expect(value("IS_DEFINED(tags.building.x)", twin)).toBe(false);
    expect(matches("NOT IS_DEFINED(tags.missing)", twin)).toBe(true);
  });

  it("never reads inherited or string properties", () => {
    for (const path of ["tags.constructor", "tags.__proto__", "tags.toString", "tags.list.length", "tags.list.map", "deviceId.length", "hasOwnProperty"]) {
      expect(value(`IS_DEFINED(${path})`, twin)).toBe(false);
    }
    expect(value("IS_DEFINED(tags.length)", { tags: { length: 3 } })).toBe(true);
    expect(matches("tags.constructor = 1", { tags: { constructor: 1 } })).toBe(true);
  });
});

describe("case rule", () => {
  it("matches system property names case-insensitively", () => {
    expect(matches("DeviceId IN ['Device-1']", twin)).toBe(true);
    expect(matches("DEVICEID = 'Device-1' AND Status = 'enabled' AND connectionstate = 'Connected'", twin)).toBe(true);
    expect(matches("Properties.Reported.fw = 1.5", twin)).toBe(true);
    expect(matches("Capabilities.IotEdge = false", twin)).toBe(true);
    expect(matches("TAGS.building = '43'", twin)).toBe(true);
  });

  it("matches tag and property names case-sensitively", () => {
    expect(value("tags.Building = '43'", twin)).toBeUndefined();
    expect(matches("tags.floor = 3", twin)).toBe(true);
    expect(matches("tags.Floor = 'upper'", twin)).toBe(true);
    expect(value("properties.reported.FW = 1.5", twin)).toBeUndefined();
    expect(value("properties.desired.locationupdate = '2026-11-26T00:00:00Z'", twin)).toBeUndefined();
  });

  it("matches values case-sensitively", () => {
    expect(matches("status = 'Enabled'", twin)).toBe(false);
  });

  it("finds a system property stored with other casing, and unknown top-level names", () => {
    expect(matches("deviceId = 'x'", { DeviceID: "x" })).toBe(true);
    expect(matches("CustomThing = 1", { customThing: 1 })).toBe(true);
  });

  it("reads devices.jobs rows through the devices.jobs prefix", () => {
    const row = { deviceId: "Device-1", jobId: "j1", status: "completed", outcome: { deviceMethodResponse: { status: 200, payload: { Locked: true } } } };
    expect(matches("devices.jobs.jobId = 'j1' AND devices.jobs.status = 'completed'", row)).toBe(true);
    expect(matches("devices.jobs.outcome.deviceMethodResponse.status = 200", row)).toBe(true);
    expect(matches("outcome.deviceMethodResponse.payload.Locked = true", row)).toBe(true);
    expect(value("outcome.deviceMethodResponse.payload.locked = true", row)).toBeUndefined();
  });
});

describe("specialised comparisons agree with the general one", () => {
  // `path op constant` and `constant op path` take a fast path; `path op path` does not. All must agree.
  const values: unknown[] = [undefined, null, true, false, 0, 1, -1, 2.5, "", "a", "b", "43", { x: 1 }, ["a"]];
  const literals = ["null", "true", "false", "0", "1", "-1", "2.5", "''", "'a'", "'b'", "'43'"];
  const literalValue = (l: string): unknown => JSON.parse(l.replace(/'/g, '"'));
  for (const op of ["=", "!=", "<>", "<", ">", "<=", ">="]) {
    it(op, () => {
      for (const v of values) {
        for (const l of literals) {
          const doc = { tags: { v, w: literalValue(l) } };
          const general = value(`tags.v ${op} tags.w`, doc);
          expect(value(`tags.v ${op} ${l}`, doc), `${JSON.stringify(v)} ${op} ${l}`).toBe(general);
          const flipped = value(`tags.w ${op} tags.v`, doc);
          expect(value(`${l} ${op} tags.v`, doc), `${l} ${op} ${JSON.stringify(v)}`).toBe(flipped);
          // The generated filter's true and false forms, through NOT.
          expect(matches(`tags.v ${op} ${l}`, doc)).toBe(general === true);
          expect(matches(`NOT (tags.v ${op} ${l})`, doc)).toBe(general === false);
          expect(matches(`NOT (${l} ${op} tags.v)`, doc)).toBe(flipped === false);
        }
      }
    });
  }
});

describe("arrays are values, not containers", () => {
  it("never reads into an array", () => {
    expect(value("IS_DEFINED(tags.list['0'])", twin)).toBe(false);
    expect(value("IS_DEFINED(tags.list.length)", twin)).toBe(false);
  });
});

describe("generated code", () => {
  function filter(text: string): (doc: unknown) => boolean {
    const result = parseCondition(text);
    if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
    return compileCondition(result.value);
  }

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

/** Kleene's tables: false wins AND, true wins OR, anything else that is not true or false is unknown. */
const kleeneAnd = (a: unknown, b: unknown) => (a === false || b === false ? false : a === true && b === true ? true : undefined);
const kleeneOr = (a: unknown, b: unknown) => (a === true || b === true ? true : a === false && b === false ? false : undefined);
const kleeneNot = (a: unknown) => (a === true ? false : a === false ? true : undefined);
const ARITHMETIC: Record<string, (a: number, b: number) => number> = { "+": (a, b) => a + b, "-": (a, b) => a - b, "*": (a, b) => a * b, "/": (a, b) => a / b, "%": (a, b) => a % b };

/**
 * What a node evaluates to, by the rules of src/query/README.md ("Semantics"), from the values of
 * its operands; undefined for a path (paths have their own tests above).
 */
function byTheRules(e: Expression, of: (operand: Expression) => unknown): { value: unknown } | undefined {
  switch (e.kind) {
    case "literal": return { value: e.value };
    case "path": return undefined;
    case "and": return { value: kleeneAnd(of(e.left), of(e.right)) };
    case "or": return { value: kleeneOr(of(e.left), of(e.right)) };
    case "not": return { value: kleeneNot(of(e.operand)) };
    case "comparison": return { value: compareValues(e.operator, of(e.left), of(e.right)) };
    case "in": {
      // The OR of `value = item` over the list; NIN is its NOT. A missing value or an object is
      // unknown whatever the list; otherwise an empty list is false.
      const v = of(e.value);
      if (v === undefined || (typeof v === "object" && v !== null)) return { value: undefined };
      const any = e.list.reduce<unknown>((acc, item) => kleeneOr(acc, compareValues("=", v, item.value)), false);
      return { value: e.negated ? kleeneNot(any) : any };
    }
    case "is_defined": return { value: of(e.argument) !== undefined };
    case "negate": {
      const v = of(e.operand);
      return { value: typeof v === "number" ? -v : undefined };
    }
    case "arithmetic": {
      const [a, b] = [of(e.left), of(e.right)];
      const result = typeof a === "number" && typeof b === "number" ? ARITHMETIC[e.operator]!(a, b) : undefined;
      return { value: result !== undefined && Number.isFinite(result) ? result : undefined };
    }
  }
}

function operandsOf(e: Expression): Expression[] {
  switch (e.kind) {
    case "and": case "or": case "comparison": case "arithmetic": return [e.left, e.right];
    case "not": case "negate": return [e.operand];
    case "in": return [e.value];
    case "is_defined": return [e.argument];
    default: return [];
  }
}

describe("compiled trees follow the rules at every node", () => {
  it.each([
    ["realistic conditions", (random: () => number) => randomCondition(random, 4)],
    ["arbitrary expression trees", (random: () => number) => randomExpression(random, 4)],
  ])("on many generated %s and twins", (_, generate) => {
    const random = prng(4);
    let checked = 0;
    for (let i = 0; i < 600; i++) {
      const tree = generate(random);
      const nodes: Expression[] = [tree];
      for (let n = 0; n < nodes.length; n++) nodes.push(...operandsOf(nodes[n]!));
      const compiled = new Map(nodes.map((node) => [node, compileExpression(node)]));
      const filter = compileCondition(tree);
      const negated = compileCondition({ kind: "not", operand: tree, offset: 0, length: 0 });
      for (let j = 0; j < 8; j++) {
        const doc = randomTwin(random);
        const valueOf = (node: Expression) => compiled.get(node)!(doc);
        for (const node of nodes) {
          const expected = byTheRules(node, valueOf);
          if (expected === undefined) continue;
          expect(valueOf(node), JSON.stringify({ node, doc })).toBe(expected.value);
          checked++;
        }
        // The filter's "is true" form, and through NOT its "is false" form, agree with the value.
        expect(filter(doc), JSON.stringify({ tree, doc })).toBe(valueOf(tree) === true);
        expect(negated(doc), JSON.stringify({ tree, doc })).toBe(valueOf(tree) === false);
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});
