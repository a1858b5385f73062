// Builds (once, cached outside the repo) and locates actionlint through scripts/actionlint.sh, so
// the tests and CI use exactly the version tools/actionlint/go.mod pins.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const actionlintScript = fileURLToPath(new URL("../../scripts/actionlint.sh", import.meta.url));

export type ActionlintBuild =
  | { ok: true; binary: string }
  | { ok: false; reason: string };

/** Exit code scripts/actionlint.sh uses for "cannot build", as opposed to "found problems". */
const CANNOT_BUILD = 3;

export function buildActionlint(): ActionlintBuild {
  const result = spawnSync("bash", [actionlintScript, "--build-only"], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 600_000,
  });
  if (result.error) return { ok: false, reason: `cannot run scripts/actionlint.sh: ${result.error.message}` };
  if (result.status === 0) return { ok: true, binary: result.stdout.trim() };
  const why = result.stderr.trim().split("\n").at(-1) ?? "";
  if (result.status === CANNOT_BUILD) return { ok: false, reason: why };
  return { ok: false, reason: `scripts/actionlint.sh --build-only exited ${result.status}: ${why}` };
}

export interface LintRun {
  status: number | null;
  output: string;
}

/** Runs the script on the given files (none = the repository's .github/workflows). */
export function runActionlint(files: string[] = []): LintRun {
  const result = spawnSync("bash", [actionlintScript, ...files], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
