// The layers point one way (README's folder table): cli -> provider/blast/hub -> jobs -> iothub,
// manifest, query -> util; `src/` never imports `scripts/`, `test/` or `bench/`; nothing outside
// `src/cli` imports it; no import cycles anywhere in `src/`; and no two files of one area share a
// name. Read from the sources themselves, so a new import that breaks a rule fails here.
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { cycles, importGraph, importsOf, sourceFiles, type ImportGraph } from "./import-graph.ts";

const root = new URL("../..", import.meta.url).pathname;
const graph = importGraph(root, "src");

/** Every `from -> to` edge whose source matches `from` and target matches `to`. */
function edges(g: ImportGraph, from: RegExp, to: RegExp): string[] {
  const out: string[] = [];
  for (const [file, targets] of g) if (from.test(file)) for (const t of targets) if (to.test(t)) out.push(`${file} -> ${t}`);
  return out;
}

describe("the import scan", () => {
  it("sees static, type-only, re-exported, multi-line and dynamic imports, and ignores packages", () => {
    const text = [
      'import * as fs from "node:fs";',
      'import type { A } from "./a.ts";',
      "import {\n  b,\n  c,\n} from '../b.ts';",
      'export { d } from "./d.ts";',
      'import "./side-effect.ts";',
      '  const m = await import("./lazy.ts");',
      '// import { nope } from "./comment.ts" is prose',
    ].join("\n");
    expect(importsOf(text).sort()).toEqual(["../b.ts", "./a.ts", "./d.ts", "./lazy.ts", "./side-effect.ts", "node:fs"]);
  });

  it("reads the real tree: a known edge is there", () => {
    expect(graph.get("src/cli/commands/plan.ts")).toContain("src/manifest/index.ts");
    expect(graph.size).toBeGreaterThan(100);
  });

  it("finds a cycle, and only a cycle", () => {
    const g: ImportGraph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts", "d.ts"]],
      ["d.ts", []],
      ["e.ts", ["e.ts"]],
    ]);
    expect(cycles(g)).toEqual([["a.ts", "b.ts", "c.ts"], ["e.ts"]]);
    expect(cycles(new Map([["a.ts", ["b.ts"]], ["b.ts", []]]))).toEqual([]);
  });
});

describe("layers of src/", () => {
  it("src/ never imports scripts/, test/ or bench/", () => {
    expect(edges(graph, /^src\//, /^(scripts|test|bench)\//)).toEqual([]);
  });

  it("only src/cli imports src/cli (blast, provider, emulator and the rest never do)", () => {
    expect(edges(graph, /^src\/(?!cli\/)/, /^src\/cli\//)).toEqual([]);
  });

  it("the domain and client layers never import the layers above them", () => {
    expect(edges(graph, /^src\/(jobs|iothub|manifest|query|util|emulator)\//, /^src\/(cli|provider|blast|hub|config)\/|^src\/index\.ts$/)).toEqual([]);
    expect(edges(graph, /^src\/(iothub|manifest|query|util)\//, /^src\/jobs\//)).toEqual([]);
    expect(edges(graph, /^src\/util\//, /^src\/(?!util\/)/)).toEqual([]);
  });

  it("has no import cycles", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("no two files of one area share a name (index.ts and types.ts aside)", () => {
    const byArea = new Map<string, string[]>();
    for (const file of sourceFiles(root, "src")) {
      const name = basename(file);
      if (name === "index.ts" || name === "types.ts") continue;
      const area = file.split("/").length > 2 ? file.split("/")[1]! : ".";
      const key = `${area}/${name}`;
      byArea.set(key, [...(byArea.get(key) ?? []), file]);
    }
    expect([...byArea.values()].filter((files) => files.length > 1)).toEqual([]);
  });
});
