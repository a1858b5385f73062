import { describe, expect, it } from "vitest";
import { formatExpression, formatQuery, parseCondition, parseQuery, type Expression } from "../../src/query/index.ts";
import { prng, randomExpression } from "./generators.ts";

/** The tree without spans, to compare a tree with the tree of its formatted text. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== "offset" && k !== "length" && k !== "span") out[k] = strip(v);
  return out;
}

function condition(text: string): Expression {
  const result = parseCondition(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return result.value;
}

describe("formatExpression", () => {
  it.each([
    "a = 1 OR b = 2 AND c = 3",
    "(a = 1 OR b = 2) AND c = 3",
    "NOT (a = 1 AND b = 2)",
    "a - (b - c) = a - b - c",
    "(a + b) * c % d = -e",
    "deviceId IN ['it\\'s', -1, null] AND tags['x-y'] NIN []",
    "IS_DEFINED(properties.desired.$version) OR (a = 1) = true",
  ])("round-trips %s", (text) => {
    const tree = condition(text);
    expect(strip(condition(formatExpression(tree)))).toEqual(strip(tree));
  });

  it("round-trips many generated trees", () => {
    const random = prng(3);
    for (let i = 0; i < 1000; i++) {
      const tree = randomExpression(random, 4);
      const text = formatExpression(tree);
      expect(strip(condition(text)), text).toEqual(strip(tree));
    }
  });
});

describe("formatQuery", () => {
  it.each([
    "SELECT * FROM devices",
    "SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'j'",
    "SELECT deviceId, tags.a AS x FROM devices.modules WHERE a > 1",
    "SELECT tags.a, COUNT() AS n FROM devices WHERE NOT b GROUP BY tags.a",
    "SELECT COUNT() FROM devices",
  ])("round-trips %s", (text) => {
    const first = parseQuery(text);
    if (!first.ok) throw new Error(first.error.message);
    const second = parseQuery(formatQuery(first.value));
    if (!second.ok) throw new Error(second.error.message);
    expect(strip(second.value)).toEqual(strip(first.value));
  });
});
