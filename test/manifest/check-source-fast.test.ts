import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSourceFast } from "../../src/manifest/check-source-fast.ts";
import { checkSourceFully } from "../../src/manifest/check-source.ts";
import { checkSource, type NameRegistry } from "../../src/manifest/index.ts";
import { methodJobText } from "./method-job-text.ts";

const context = { now: new Date("2026-11-26T00:00:00Z"), mode: "validate" as const };
const job = methodJobText;

const root = path.resolve(import.meta.dirname, "../..");
const yamlFiles = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f));

describe("checkSourceFast", () => {
  it("checks, compiles and registers a file of valid manifests", () => {
    const names: NameRegistry = new Map();
    const result = checkSourceFast("jobs/a.yaml", `# two jobs\n${job("one")}---\n${job("two")}`, context, names);
    expect(result?.problems).toEqual([]);
    expect(result?.manifests.map((m) => [m.documentIndex, m.job.name, m.job.request.queryCondition])).toEqual([
      [0, "one", "deviceId IN ['Device-1']"],
      [1, "two", "deviceId IN ['Device-1']"],
    ]);
    expect([...names]).toEqual([
      ["one", { file: "jobs/a.yaml", line: 5, column: 9 }],
      ["two", { file: "jobs/a.yaml", line: 15, column: 9 }],
    ]);
  });

  it.each([
    ["a schema error", job("one", "    responseTimeout: soon\n"), ["E_SCHEMA_PATTERN"]],
    ["a semantic error", job("one", "    responseTimeout: 1s\n"), ["E_DURATION_RANGE"]],
    ["a warning only", job("one", "  schedule: { startTime: '2026-12-31T00:00:00Z' }\n"), ["E_START_TIME_TOO_FAR"]],
    ["a name used twice in the file", `${job("one")}---\n${job("one")}`, ["E_DUPLICATE_NAME"]],
    ["a name registered by an earlier file", job("taken"), ["E_DUPLICATE_NAME"]],
    ["YAML outside the fast subset", job("one", "    connectTimeout: &t 5s\n    responseTimeout: *t\n"), []],
    ["invalid YAML", job("one", "  bad: [unclosed\n"), ["E_YAML_SYNTAX"]],
  ])("leaves the file to the full path, registering nothing, on %s", (_, text, codes) => {
    const names: NameRegistry = new Map([["taken", { file: "jobs/0.yaml", line: 1, column: 1 }]]);
    expect(checkSourceFast("jobs/a.yaml", `${job("fine")}---\n${text}`, context, names)).toBeUndefined();
    expect([...names.keys()]).toEqual(["taken"]);
    // ...which reports every problem and still compiles the fine document.
    const full = checkSource("jobs/a.yaml", `${job("fine")}---\n${text}`, context, names);
    expect([...new Set(full.problems.map((p) => p.code))]).toEqual(codes);
    expect(full.manifests[0]?.job.name).toBe("fine");
  });

  it("reports nesting deep enough to exhaust the stack as a problem, never a crash", () => {
    const result = checkSource("jobs/deep.yaml", `${job("deep")}  nested: ${"[".repeat(5000)}${"]".repeat(5000)}\n`, context, new Map());
    expect(result.manifests).toEqual([]);
    expect(result.problems.map((p) => p.code)).toContain("E_YAML_SYNTAX");
  });

  it.each([
    ["as written", (text: string) => text],
    ["with CRLF line ends, as edited on Windows", (text: string) => text.replaceAll("\n", "\r\n")],
  ])("gives exactly what the full path gives, for every manifest and fixture in the repository, %s", (_, lineEnds) => {
    const files = [...yamlFiles("jobs"), ...yamlFiles("test/fixtures")];
    expect(files.length).toBeGreaterThan(15);
    let fast = 0;
    const fastNames: NameRegistry = new Map();
    const fullNames: NameRegistry = new Map();
    for (const file of files) {
      const text = lineEnds(readFileSync(path.join(root, file), "utf8"));
      if (checkSourceFast(file, text, context, new Map(fastNames))) fast++;
      expect(checkSource(file, text, context, fastNames), file).toEqual(checkSourceFully(file, text, context, fullNames));
      expect(fastNames, file).toEqual(fullNames);
    }
    // Every example in jobs/ is valid, so at least those took the fast path.
    expect(fast).toBeGreaterThanOrEqual(yamlFiles("jobs").length);
  });
});
