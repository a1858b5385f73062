// Rules the workflows must keep that actionlint does not check: every action pinned to a full commit
// SHA, Azure reached only through OIDC, never a stored Azure secret.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./actionlint-binary.ts";

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: unknown;
  jobs: Record<string, Job>;
}

const workflowDir = join(repoRoot, ".github", "workflows");
const workflows = readdirSync(workflowDir)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => {
    const text = readFileSync(join(workflowDir, name), "utf8");
    return { name, text, doc: parse(text) as Workflow };
  });

function steps(doc: Workflow): Array<{ job: string; jobDef: Job; step: Step }> {
  return Object.entries(doc.jobs).flatMap(([job, jobDef]) =>
    (jobDef.steps ?? []).map((step) => ({ job, jobDef, step })),
  );
}

describe("workflow policy", () => {
  it("has a pull-request workflow and a main-branch workflow", () => {
    const triggers = workflows.map((w) => JSON.stringify(w.doc.on));
    expect(triggers.some((t) => t.includes("pull_request"))).toBe(true);
    expect(triggers.some((t) => t.includes("push") && t.includes("main"))).toBe(true);
  });

  it("pins every action to a full commit SHA with its version in a comment", () => {
    for (const { name, doc, text } of workflows) {
      for (const { step } of steps(doc)) {
        if (!step.uses || step.uses.startsWith("./")) continue;
        expect(step.uses, `${name}: ${step.uses}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        expect(text, `${name}: ${step.uses} needs a "# vX.Y.Z" comment`).toMatch(
          new RegExp(`${step.uses.replace(/[./]/g, "\\$&")} # v\\d+\\.\\d+\\.\\d+`),
        );
      }
    }
  });

  it("logs in to Azure by OIDC only, with the id-token permission on that job", () => {
    let logins = 0;
    for (const { name, doc } of workflows) {
      for (const { job, jobDef, step } of steps(doc)) {
        if (!step.uses?.toLowerCase().startsWith("azure/login@")) continue;
        logins++;
        expect(jobDef.permissions?.["id-token"], `${name}/${job}`).toBe("write");
        expect(Object.keys(step.with ?? {}).sort()).toEqual(["client-id", "subscription-id", "tenant-id"]);
      }
    }
    expect(logins).toBeGreaterThan(0);
  });

  it("references no Azure client secret or stored credentials", () => {
    for (const { name, text } of workflows) {
      expect(text, name).not.toMatch(/client-secret|ARM_CLIENT_SECRET|AZURE_CREDENTIALS|creds:/i);
    }
  });

  it("previews with a PR comment and applies with up on the same stack", () => {
    const pulumiSteps = workflows.flatMap(({ doc }) =>
      steps(doc).filter(({ step }) => step.uses?.startsWith("pulumi/actions@")),
    );
    const preview = pulumiSteps.find(({ step }) => step.with?.command === "preview");
    const up = pulumiSteps.find(({ step }) => step.with?.command === "up");
    expect(preview?.step.with?.["comment-on-pr"]).toBe(true);
    expect(preview?.step.with?.diff).toBe(true);
    expect(preview?.jobDef.permissions?.["pull-requests"]).toBe("write");
    expect(up?.step.with?.["stack-name"]).toBe(preview?.step.with?.["stack-name"]);
  });
});
