import { readFile } from "node:fs/promises";
import { checkSource, type NameRegistry } from "./check-source.ts";
import { discoverManifestFiles, displayName } from "./discover.ts";
import { compareProblems, type Problem } from "./problems.ts";
import type { LoadedManifest, LoadOptions } from "./types.ts";

export interface LoadResult {
  manifests: LoadedManifest[];
  /** Every problem of every file, sorted by file and position. Errors and warnings. */
  problems: Problem[];
}

export const DEFAULT_MANIFEST_PATHS = ["jobs"];

/**
 * Loads, validates and compiles every manifest under `paths` (default `jobs/`). Never throws
 * for bad input: all problems of all files come back as data, so one run reports them all.
 * Apply only when `problems` holds no error (see hasErrors).
 */
export async function loadManifests(paths: string[], options: LoadOptions = {}): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const context = { now: options.now ?? new Date(), mode: options.mode ?? "validate" };
  const discovered = await discoverManifestFiles(paths.length > 0 ? paths : DEFAULT_MANIFEST_PATHS, cwd);
  const problems: Problem[] = [...discovered.problems];
  const manifests: LoadedManifest[] = [];
  const names: NameRegistry = new Map();
  // One file at a time: read, check, move on. However many files there are, only one document
  // (its nodes, ranges and tokens) exists at once; only plain data and compiled jobs are kept.
  for (const absolute of discovered.files) {
    const file = displayName(cwd, absolute);
    let text: string;
    try {
      text = await readFile(absolute, "utf8");
    } catch (e) {
      problems.push({ code: "E_FILE_UNREADABLE", severity: "error", file, line: 0, column: 0, pointer: "", message: `cannot read: ${(e as Error).message}` });
      continue;
    }
    const result = checkSource(file, text, context, names);
    for (const manifest of result.manifests) manifests.push(manifest);
    for (const problem of result.problems) problems.push(problem);
  }
  problems.sort(compareProblems);
  return { manifests, problems };
}
