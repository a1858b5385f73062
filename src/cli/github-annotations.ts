import type { Problem } from "../manifest/index.ts";

// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message` printed on
// stdout puts the problem on the pull request's diff. Escaping follows @actions/core.

const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function isGitHubActions(env: Record<string, string | undefined>): boolean {
  return env.GITHUB_ACTIONS === "true";
}

export function githubAnnotation(p: Problem): string {
  const properties = [`file=${escapeProperty(p.file)}`];
  if (p.line > 0) properties.push(`line=${p.line}`, `col=${p.column}`);
  properties.push(`title=${escapeProperty(p.code)}`);
  return `::${p.severity} ${properties.join(",")}::${escapeData(p.message)}`;
}
