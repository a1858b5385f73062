import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Problem } from "./problems.ts";

const MANIFEST_EXTENSIONS = [".yaml", ".yml"];

export interface Discovered {
  /** Absolute paths, sorted, each once. */
  files: string[];
  problems: Problem[];
}

/** `jobs/x.yaml` for a file under the working directory, with forward slashes on every OS. */
export function displayName(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return (relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative).split(path.sep).join("/");
}

/**
 * Manifest files under the given paths: a file is taken as given, a directory is searched
 * recursively for .yaml/.yml (skipping hidden directories and node_modules).
 */
export async function discoverManifestFiles(paths: readonly string[], cwd: string): Promise<Discovered> {
  const files = new Set<string>();
  const problems: Problem[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const shown = displayName(cwd, absolute);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) {
      problems.push(pathProblem("E_PATH_NOT_FOUND", "error", shown, `${given}: no such file or directory`));
      continue;
    }
    if (info.isFile()) {
      files.add(absolute);
      continue;
    }
    const before = files.size;
    const entries = await readdir(absolute, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      // Symbolic links count as files: a broken one is then reported as unreadable, not skipped.
      if (!(entry.isFile() || entry.isSymbolicLink()) || !MANIFEST_EXTENSIONS.includes(path.extname(entry.name))) continue;
      const full = path.join(entry.parentPath, entry.name);
      if (isSkipped(path.relative(absolute, full))) continue;
      files.add(full);
    }
    if (files.size === before) problems.push(pathProblem("E_NO_MANIFESTS", "warning", shown, `${given}: no .yaml or .yml files found`));
  }
  return { files: [...files].sort(), problems };
}

function isSkipped(relative: string): boolean {
  const parts = relative.split(path.sep);
  return parts.slice(0, -1).some((dir) => dir.startsWith(".") || dir === "node_modules");
}

function pathProblem(code: Problem["code"], severity: Problem["severity"], file: string, message: string): Problem {
  return { code, severity, file, line: 0, column: 0, pointer: "", message };
}
