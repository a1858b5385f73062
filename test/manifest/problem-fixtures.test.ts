// One fixture per problem code: each file under test/fixtures/manifests/problems names the
// problems it must produce in `# expect: <severity> <code> <line>:<column>` comments.
// Codes that need more than one YAML file (paths, sizes) are covered in load.test.ts.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadManifests, PROBLEM_CODES } from "../../src/manifest/index.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/manifests/problems/", import.meta.url));
const NOW = new Date("2026-11-26T00:00:00Z");
const COVERED_ELSEWHERE = ["E_PATH_NOT_FOUND", "E_FILE_UNREADABLE", "E_NO_MANIFESTS", "E_QUERY_TOO_LONG", "E_PAYLOAD_TOO_LARGE", "E_TWIN_TOO_LARGE"];

const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith(".yaml")).sort();

function expectations(file: string): string[] {
  return readFileSync(`${FIXTURES}${file}`, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("# expect: "))
    .map((line) => line.slice("# expect: ".length).trim());
}

describe("problem fixtures", () => {
  it.each(fixtures)("%s reports exactly its expected problems and positions", async (file) => {
    const expected = expectations(file);
    expect(expected.length).toBeGreaterThan(0);
    const { problems, manifests } = await loadManifests([file], { cwd: FIXTURES, now: NOW });
    const actual = problems.map((p) => `${p.severity} ${p.code} ${p.line}:${p.column}`);
    expect(actual.sort()).toEqual(expected.sort());
    for (const p of problems) {
      expect(p.file).toBe(file);
      expect(p.message).toMatch(/\S/);
    }
    // A document with an error is never compiled.
    const errorDocs = new Set(problems.filter((p) => p.severity === "error").map((p) => p.documentIndex));
    for (const m of manifests) expect(errorDocs.has(m.documentIndex)).toBe(false);
  });

  it("each file is named after the code it demonstrates", () => {
    for (const file of fixtures) expect(expectations(file).every((e) => e.includes(` ${file.replace(".yaml", "")} `))).toBe(true);
  });

  it("every problem code has a fixture here or a test in load.test.ts", () => {
    const covered = new Set([...fixtures.map((f) => f.replace(".yaml", "")), ...COVERED_ELSEWHERE]);
    expect(PROBLEM_CODES.filter((code) => !covered.has(code))).toEqual([]);
  });
});
