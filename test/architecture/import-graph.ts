// The import graph of a source tree, read statically: every relative `import ... from`,
// `export ... from`, side-effect `import "..."` and dynamic `import("...")`, type-only imports
// included (a cycle through types is still two files that cannot be read one without the other).
// Packages and `node:` modules are not edges.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** File -> the files it imports, all as paths relative to the root, with `/`. */
export type ImportGraph = Map<string, string[]>;

const staticImport = /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm;
const sideEffectImport = /^\s*import\s*["']([^"']+)["']/gm;
const dynamicImport = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

export function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(root, path));
    else if (entry.name.endsWith(".ts")) out.push(toPosix(path));
  }
  return out.sort();
}

export function importsOf(text: string): string[] {
  const specifiers: string[] = [];
  for (const pattern of [staticImport, sideEffectImport, dynamicImport]) {
    for (const match of text.matchAll(pattern)) specifiers.push(match[1]!);
  }
  return specifiers;
}

export function importGraph(root: string, dir: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(root, dir)) {
    const text = readFileSync(join(root, file), "utf8");
    const targets = importsOf(text)
      .filter((s) => s.startsWith("."))
      .map((s) => toPosix(relative(root, resolve(root, dirname(file), s))));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every import cycle, as the files of each strongly connected component (Tarjan), sorted. */
export function cycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    const selfImport = (graph.get(v) ?? []).includes(v);
    if (component.length > 1 || selfImport) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}
