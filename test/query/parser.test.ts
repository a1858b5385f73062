import { describe, expect, it } from "vitest";
import { parseCondition, parseQuery, type Expression } from "../../src/query/index.ts";

/** The tree as an S-expression, so precedence tests read like the grouping they assert. */
function shape(e: Expression): string {
  switch (e.kind) {
    case "literal": return JSON.stringify(e.value);
    case "path": return e.segments.join(".");
    case "comparison":
    case "arithmetic": return `(${e.operator} ${shape(e.left)} ${shape(e.right)})`;
    case "and":
    case "or": return `(${e.kind} ${shape(e.left)} ${shape(e.right)})`;
    case "not": return `(not ${shape(e.operand)})`;
    case "negate": return `(neg ${shape(e.operand)})`;
    case "in": return `(${e.negated ? "nin" : "in"} ${shape(e.value)} [${e.list.map(shape).join(" ")}])`;
    case "is_defined": return `(is_defined ${shape(e.argument)})`;
  }
}

function parsed(text: string): string {
  const result = parseCondition(text);
  if (!result.ok) throw new Error(`unexpected error: ${result.error.message}`);
  return shape(result.value);
}

function conditionError(text: string) {
  const result = parseCondition(text);
  if (result.ok) throw new Error(`expected an error for ${text}`);
  return result.error;
}

function queryError(text: string) {
  const result = parseQuery(text);
  if (result.ok) throw new Error(`expected an error for ${text}`);
  return result.error;
}

describe("parseCondition: precedence", () => {
  it.each([
    ["a = 1 OR b = 2 AND c = 3", "(or (= a 1) (and (= b 2) (= c 3)))"],
    ["(a = 1 OR b = 2) AND c = 3", "(and (or (= a 1) (= b 2)) (= c 3))"],
    ["NOT a = 1 AND b = 2", "(and (not (= a 1)) (= b 2))"],
    ["NOT NOT a", "(not (not a))"],
    ["a = 1 AND b = 2 AND c = 3", "(and (and (= a 1) (= b 2)) (= c 3))"],
    ["a + b * c = d - e / f % g", "(= (+ a (* b c)) (- d (% (/ e f) g)))"],
    ["a - b - c = 0", "(= (- (- a b) c) 0)"],
    ["(a + b) * c > 1", "(> (* (+ a b) c) 1)"],
    ["-a < -2", "(< (neg a) -2)"],
    ["- -3 = +3", "(= 3 3)"],
    ["a IN ['x', \"y\", -1, 2.5, true, null] OR b NIN []", "(or (in a [\"x\" \"y\" -1 2.5 true null]) (nin b []))"],
    ["a NOT IN ['x']", "(nin a [\"x\"])"],
    ["IS_DEFINED(tags.x) AND NOT is_defined(tags.y)", "(and (is_defined tags.x) (not (is_defined tags.y)))"],
  ])("%s", (text, expected) => {
    expect(parsed(text)).toBe(expected);
  });
});

describe("parseCondition: operators, literals and paths", () => {
  it.each([["=", "="], ["!=", "!="], ["<>", "!="], ["<", "<"], [">", ">"], ["<=", "<="], [">=", ">="]])("comparison %s", (op, stored) => {
    expect(parsed(`a ${op} 1`)).toBe(`(${stored} a 1)`);
  });

  it("reads keywords and constants in any case", () => {
    expect(parsed("a = TRUE and b = False Or c = NULL aNd NoT d")).toBe("(or (and (= a true) (= b false)) (and (= c null) (not d)))");
  });

  it("allows keywords as names after the first segment and $ names", () => {
    expect(parsed("tags.select = properties.desired.$version")).toBe("(= tags.select properties.desired.$version)");
  });

  it("reads bracketed names that are not identifiers", () => {
    expect(parsed("tags['floor-3'].x = 1")).toBe("(= tags.floor-3.x 1)");
  });

  it("keeps spans that cover each node", () => {
    const result = parseCondition("  tags.a = 'x' AND NOT b");
    expect(result.ok && result.value).toMatchObject({ kind: "and", offset: 2, length: 22, left: { offset: 2, length: 12, left: { offset: 2, length: 6 } } });
  });

  it("parses the reference jobs' condition", () => {
    expect(parsed("DeviceId IN ['Device-1']")).toBe('(in DeviceId ["Device-1"])');
  });
});

describe("parseCondition: errors name what was expected and found, and where", () => {
  it.each([
    ["", "expected a condition but found end of input", 0, 0],
    ["deviceId = ", "expected a value after '=' but found end of input", 11, 0],
    ["a = 1 b", "expected AND, OR or end of input after number 1 but found 'b'", 6, 1],
    ["a = 1 AND", "expected a condition after 'AND' but found end of input", 9, 0],
    ["a = 1 OR OR", "expected a condition after 'OR' but found 'OR'", 9, 2],
    ["NOT", "expected a condition after 'NOT' but found end of input", 3, 0],
    ["(a = 1", "expected ')' after number 1 but found end of input", 6, 0],
    ["a = 1)", "expected AND, OR or end of input after number 1 but found ')'", 5, 1],
    ["a IN 'x'", "expected '[' starting a list of values after 'IN' but found string \"x\"", 5, 3],
    ["a IN ['x' 'y']", "expected ',' or ']' after string \"x\" but found string \"y\"", 10, 3],
    ["a IN [b]", "expected a string, number, true, false or null after '[' but found 'b'", 6, 1],
    ["a IN ['x',]", "expected a string, number, true, false or null after ',' but found ']'", 10, 1],
    ["tags. = 1", "expected a property name after '.' but found '='", 6, 1],
    ["a = = 1", "expected a value after '=' but found '='", 4, 1],
    ["a = 1 = 2", "expected AND, OR or end of input after number 1 but found '='", 6, 1],
    ["a + = 1", "expected a value after '+' but found '='", 4, 1],
    ["IS_DEFINED(tags.x", "expected ')' after 'x' but found end of input", 17, 0],
    ["* ", "expected a condition but found '*'", 0, 1],
    ["SELECT * FROM devices", "expected a condition but found 'SELECT'", 0, 6],
    ["tags['x' = 1", "expected ']' after string \"x\" but found '='", 9, 1],
  ])("%j", (text, message, offset, length) => {
    expect(conditionError(text)).toMatchObject({ code: "E_QUERY_UNEXPECTED_TOKEN", message, offset, length, line: 1, column: offset + 1 });
  });

  it("rejects unknown functions, pointing at the name", () => {
    expect(conditionError("a = 1 AND STARTSWITH(a, 'x')")).toMatchObject({ code: "E_QUERY_UNKNOWN_FUNCTION", offset: 10, length: 10 });
    expect(conditionError("COUNT() > 1")).toMatchObject({ code: "E_QUERY_UNKNOWN_FUNCTION", offset: 0, length: 5 });
  });

  it("gives line and column on multi-line conditions", () => {
    expect(conditionError("tags.a = 'x'\n  AND\n  tags.b =")).toMatchObject({ offset: 29, line: 3, column: 11 });
  });

  it("passes tokenizer errors through", () => {
    expect(conditionError("a = 'x")).toMatchObject({ code: "E_QUERY_UNTERMINATED_STRING", offset: 4 });
  });
});

describe("parseQuery", () => {
  it("reads SELECT * with each collection and an optional WHERE", () => {
    const a = parseQuery("SELECT * FROM devices");
    expect(a.ok && a.value).toMatchObject({ select: "*", from: "devices", where: undefined, groupBy: [] });
    const b = parseQuery("select * from Devices.Jobs where devices.jobs.jobId = 'j1'");
    expect(b.ok && b.value).toMatchObject({ select: "*", from: "devices.jobs", where: { kind: "comparison" } });
    const c = parseQuery("SELECT * FROM devices.modules");
    expect(c.ok && c.value.from).toBe("devices.modules");
  });

  it("names projections by alias or last segment, and COUNT() by alias or position", () => {
    const result = parseQuery("SELECT deviceId, properties.reported.fw AS firmware, tags.x.y, COUNT() AS n FROM devices GROUP BY deviceId, properties.reported.fw, tags.x.y");
    expect(result.ok && result.value.select).toMatchObject([
      { kind: "path", name: "deviceId" }, { kind: "path", name: "firmware" }, { kind: "path", name: "y" }, { kind: "count", name: "n" },
    ]);
    const unnamed = parseQuery("SELECT COUNT() FROM devices");
    expect(unnamed.ok && unnamed.value.select).toMatchObject([{ kind: "count", name: "$1" }]);
  });

  it.each([
    ["", "E_QUERY_UNEXPECTED_TOKEN", "expected SELECT but found end of input", 0, 0],
    ["SELECT FROM devices", "E_QUERY_UNEXPECTED_TOKEN", "expected '*', a property path or COUNT() after 'SELECT' but found 'FROM'", 7, 4],
    ["SELECT * devices", "E_QUERY_UNEXPECTED_TOKEN", "expected FROM after '*' but found 'devices'", 9, 7],
    ["SELECT a b FROM devices", "E_QUERY_UNEXPECTED_TOKEN", "expected ',' or FROM after 'a' but found 'b'", 9, 1],
    ["SELECT * FROM", "E_QUERY_UNEXPECTED_TOKEN", "expected devices, devices.jobs or devices.modules after 'FROM' but found end of input", 13, 0],
    ["SELECT * FROM twins", "E_QUERY_UNKNOWN_COLLECTION", "expected devices, devices.jobs or devices.modules after 'FROM' but found 'twins'", 14, 5],
    ["SELECT * FROM devices WHERE", "E_QUERY_UNEXPECTED_TOKEN", "expected a condition after 'WHERE' but found end of input", 27, 0],
    ["SELECT * FROM devices WHERE a = 1 ORDER BY a", "E_QUERY_UNEXPECTED_TOKEN", "expected AND, OR, GROUP BY or end of input after number 1 but found 'ORDER'", 34, 5],
    ["SELECT a, COUNT() AS n FROM devices GROUP a", "E_QUERY_UNEXPECTED_TOKEN", "expected BY after 'GROUP' but found 'a'", 42, 1],
    ["SELECT COUNT(x) FROM devices", "E_QUERY_UNEXPECTED_TOKEN", "expected ')' (COUNT takes no arguments) after '(' but found 'x'", 13, 1],
    ["SELECT a AS FROM devices", "E_QUERY_UNEXPECTED_TOKEN", "expected a name after 'AS' but found 'FROM'", 12, 4],
    ["SELECT * FROM devices GROUP BY status", "E_QUERY_INVALID_PROJECTION", "GROUP BY needs a projection list, not SELECT *", 22, 5],
    ["SELECT tags.a, COUNT() AS n FROM devices", "E_QUERY_INVALID_PROJECTION", "'tags.a' must be listed in GROUP BY to be selected beside COUNT()", 7, 6],
    ["SELECT tags.b, COUNT() AS n FROM devices GROUP BY tags.a", "E_QUERY_INVALID_PROJECTION", "'tags.b' must be listed in GROUP BY to be selected beside COUNT()", 7, 6],
    ["SELECT a AS x, b AS x FROM devices", "E_QUERY_INVALID_PROJECTION", "the result name 'x' is used twice; give one of them another name with AS", 15, 6],
  ])("%j", (text, code, message, offset, length) => {
    expect(queryError(text)).toMatchObject({ code, message, offset, length });
  });

  it("matches GROUP BY paths to projections by the case rule", () => {
    expect(parseQuery("SELECT Status AS s, COUNT() AS n FROM devices GROUP BY status").ok).toBe(true);
    expect(queryError("SELECT tags.Floor, COUNT() AS n FROM devices GROUP BY tags.floor").code).toBe("E_QUERY_INVALID_PROJECTION");
  });
});
