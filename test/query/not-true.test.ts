// notTrueCondition: for every device, exactly one of c and its exclusion holds, also when the
// device lacks a property c reads (where `NOT (c)` holds for neither).
import { describe, expect, it } from "vitest";
import { compileCondition, notTrueCondition, parseCondition } from "../../src/query/index.ts";

const conditions = [
  "tags.ring = 'canary'",
  "tags.ring != 'canary'",
  "tags.floor > 2",
  "tags.ring = 'early' AND tags.floor >= 3",
  "tags.ring = 'early' OR tags.floor = 1",
  "NOT (tags.ring = 'early')",
  "NOT (tags.ring = 'early' OR tags.floor < 2) AND IS_DEFINED(tags.zone)",
  "tags.ring IN ['a', 'b'] OR NOT IS_DEFINED(tags.floor)",
  "tags.floor + 1 = 3",
  "deviceId IN ['D-1', 'D-3']",
];

// Every combination of present and missing properties, with values of the types the conditions use.
const twins: Array<{ deviceId: string; tags: Record<string, unknown> }> = [];
for (const ring of [undefined, "canary", "early", "a"]) {
  for (const floor of [undefined, 1, 2, 3]) {
    for (const zone of [undefined, "n"]) {
      const tags: Record<string, unknown> = {};
      if (ring !== undefined) tags.ring = ring;
      if (floor !== undefined) tags.floor = floor;
      if (zone !== undefined) tags.zone = zone;
      twins.push({ deviceId: `D-${twins.length}`, tags });
    }
  }
}

function matcher(text: string): (doc: unknown) => boolean {
  const parsed = parseCondition(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
  return compileCondition(parsed.value);
}

describe("notTrueCondition", () => {
  it.each(conditions)("%s: every device matches exactly one of the condition and its exclusion", (condition) => {
    const holds = matcher(condition);
    const excluded = matcher(notTrueCondition(condition));
    const wrong = twins.filter((t) => holds(t) === excluded(t)).map((t) => JSON.stringify(t));
    expect(wrong).toEqual([]);
  });

  it("is needed: NOT (c) leaves out devices that lack the property", () => {
    const plainNot = matcher("NOT (tags.ring = 'canary')");
    const holds = matcher("tags.ring = 'canary'");
    expect(twins.some((t) => !holds(t) && !plainNot(t))).toBe(true);
  });

  it("excludes everything for *", () => {
    expect(notTrueCondition("*")).toBe("false");
  });
});
