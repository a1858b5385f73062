// The workflows go through actionlint so a typo cannot land. Under CI=true a missing actionlint is a
// failure (CI must never silently skip this check); on a developer machine without Go it skips and
// says why.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildActionlint, runActionlint, type ActionlintBuild } from "./actionlint-binary.ts";

let build: ActionlintBuild;
let scratch: string;

beforeAll(() => {
  build = buildActionlint();
  if (!build.ok && process.env.CI === "true") {
    throw new Error(`actionlint is required in CI but could not be built: ${build.reason}`);
  }
  scratch = mkdtempSync(join(tmpdir(), "hubjobs-actionlint-"));
}, 600_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function skipUnlessBuilt(ctx: { skip: (note?: string) => void }): void {
  if (!build.ok) ctx.skip(`actionlint unavailable (${build.reason}); set up Go 1.24+ or run in CI`);
}

const validWorkflow = `name: sample
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event_name }}"
`;

describe("actionlint on .github/workflows", () => {
  it("accepts the project's workflows", (ctx) => {
    skipUnlessBuilt(ctx);
    const run = runActionlint();
    expect(run.output).toBe("");
    expect(run.status).toBe(0);
  });

  it("accepts a small correct workflow (control for the negative cases)", (ctx) => {
    skipUnlessBuilt(ctx);
    const file = join(scratch, "valid.yml");
    writeFileSync(file, validWorkflow);
    expect(runActionlint([file]).status).toBe(0);
  });

  it("rejects a misspelled key", (ctx) => {
    skipUnlessBuilt(ctx);
    const file = join(scratch, "typo-key.yml");
    writeFileSync(file, validWorkflow.replace("runs-on:", "runs_on:"));
    const run = runActionlint([file]);
    expect(run.status).toBe(1);
    expect(run.output).toContain("typo-key.yml:5:");
    expect(run.output).toContain("runs_on");
  });

  it("rejects a misspelled expression property", (ctx) => {
    skipUnlessBuilt(ctx);
    const file = join(scratch, "typo-expression.yml");
    writeFileSync(file, validWorkflow.replace("github.event_name", "github.event_nmae"));
    const run = runActionlint([file]);
    expect(run.status).toBe(1);
    expect(run.output).toContain("typo-expression.yml:7:");
    expect(run.output).toContain("event_nmae");
  });
});
