import { formatProblem, type Problem } from "../manifest/index.ts";
import { githubAnnotation, isGitHubActions } from "./github-annotations.ts";
import type { CommandIo, OutputStream } from "./io.ts";

/** One line per problem, plus a GitHub annotation for each under GitHub Actions. */
export function reportProblems(problems: readonly Problem[], io: CommandIo, out: OutputStream = io.stdout): void {
  const annotate = isGitHubActions(io.env);
  for (const p of problems) {
    out.write(`${formatProblem(p)}\n`);
    if (annotate) out.write(`${githubAnnotation(p)}\n`);
  }
}

export function countProblems(problems: readonly Problem[]): { errors: number; warnings: number } {
  const errors = problems.filter((p) => p.severity === "error").length;
  return { errors, warnings: problems.length - errors };
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
