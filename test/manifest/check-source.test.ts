import { isNode } from "yaml";
import { describe, expect, it } from "vitest";
import { checkSource, type NameRegistry } from "../../src/manifest/index.ts";
import { methodJobText } from "./method-job-text.ts";

const context = { now: new Date("2026-11-26T00:00:00Z"), mode: "validate" as const };
const job = methodJobText;

/** Every object reachable from a value. */
function reachable(value: unknown, seen = new Set<object>()): Set<object> {
  if (typeof value !== "object" || value === null || seen.has(value)) return seen;
  seen.add(value);
  for (const item of Object.values(value)) reachable(item, seen);
  return seen;
}

describe("checkSource", () => {
  it("keeps no YAML node or document in what it returns or records, so checked documents can be freed", () => {
    const names: NameRegistry = new Map();
    const result = checkSource("jobs/a.yaml", `${job("one")}---\n${job("two", "    responseTimeout: 1s\n")}---\n${job("one")}`, context, names);
    expect(result.manifests.map((m) => m.job.name)).toEqual(["one"]);
    expect(result.problems.map((p) => `${p.code} ${p.line}:${p.column}`)).toEqual(["E_DURATION_RANGE 20:22", "E_DUPLICATE_NAME 25:9"]);
    const objects = [...reachable(result), ...reachable([...names.values()])];
    expect(objects.length).toBeGreaterThan(10);
    expect(objects.filter((o) => isNode(o) || "contents" in o || "errors" in o)).toEqual([]);
  });

  it("names the first use of a name from an earlier file without keeping that file", () => {
    const names: NameRegistry = new Map();
    checkSource("jobs/a.yaml", `# first\n${job("door")}`, context, names);
    expect(names.get("door")).toEqual({ file: "jobs/a.yaml", line: 5, column: 9 });
    const second = checkSource("jobs/b.yaml", job("door"), context, names);
    expect(second.problems.map((p) => `${p.code} ${p.file}:${p.line}:${p.column}`)).toEqual(["E_DUPLICATE_NAME jobs/b.yaml:4:9"]);
    expect(second.problems[0]!.message).toContain("jobs/a.yaml:5:9");
  });
});
