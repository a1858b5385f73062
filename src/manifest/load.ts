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
  const texts = await Promise.all(discovered.files.map((file) => readFile(file, "utf8").catch((e: Error) => e)));
  discovered.files.forEach((absolute, i) => {
    const file = displayName(cwd, absolute);
    const text = texts[i]!;
    if (text instanceof Error) {
      problems.push({ code: "E_FILE_UNREADABLE", severity: "error", file, line: 0, column: 0, pointer: "", message: `cannot read: ${text.message}` });
      return;
    }
    const result = checkSource(file, text, context, names);
    manifests.push(...result.manifests);
    problems.push(...result.problems);
  });
  problems.sort(compareProblems);
  return { manifests, problems };
}
