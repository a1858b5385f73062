// Issue 12, "upgrading hubjobs re-runs nothing", with the real engine. The state is exported from
// tranche 1 as it really was: the test takes tranche 1's program (src/, schemas/ and scripts/ at
// commit 3a91fae, from this clone's own history), applies manifests with it, then points the same
// project and stack at today's code: `pulumi up --expect-no-changes` must pass and the hub must hold
// no new job, although today's ids hash a canonical query and chain revisions.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../src/config/pulumi-env.ts";
import { E2EProject, methodJob, requireEngine, skipReason } from "./harness.ts";

/** The last commit of tranche 1: every stack applied before tranche 2 was applied by this code. */
const TRANCHE_1 = "3a91fae";
const STEP_TIMEOUT = 240_000;

/** A query spelled the way tranche 1 hashed as written (today's ids hash the canonical form). */
const twinJob = [
  "apiVersion: hubjobs/v1",
  "kind: TwinUpdateJob",
  "metadata: { name: floor-tags }",
  "spec:",
  "  target: { query: \"tags.building='43' and (tags.floor = '3')\" }",
  "  twin: { tags: { zone: north } }",
  "  schedule: { maxExecutionTime: 1m }",
  "",
].join("\n");

describe.skipIf(skipReason !== undefined)("upgrading from tranche 1 (real engine)", () => {
  let project: E2EProject;
  let oldCode: string;

  beforeAll(async () => {
    project = await E2EProject.create(requireEngine(), { tier: "S2" });
    oldCode = mkdtempSync(path.join(tmpdir(), "hubjobs-tranche1-"));
    const archive = execFileSync("git", ["-C", repoRoot, "archive", "--format=tar", TRANCHE_1, "src", "schemas", "scripts", "package.json"]);
    execFileSync("tar", ["-x", "-C", oldCode], { input: archive });
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(oldCode, "node_modules"));
    useCode(oldCode);
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await project?.dispose();
    if (oldCode) rmSync(oldCode, { recursive: true, force: true });
  });

  /** Points the project's program at a copy of the code (its src/, schemas/ and package.json). */
  function useCode(root: string): void {
    for (const name of ["src", "schemas", "package.json"]) {
      rmSync(path.join(project.dir, name), { recursive: true, force: true });
      symlinkSync(path.join(root, name), path.join(project.dir, name));
    }
  }

  it("a stack applied by tranche 1 is at 'no changes' with today's code, and nothing runs again", async () => {
    project.writeManifest("lock.yaml", methodJob("lock-one", { deviceIds: ["Device-1", "Device-2"], payload: { reason: "upgrade" } }));
    project.writeManifest("tags.yaml", twinJob);
    project.writeManifest("later.yaml", methodJob("lock-later", { deviceIds: ["Device-2"], startTime: new Date(Date.now() + 48 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z") }));
    await project.pulumiOk(["up", "--yes"]);
    const applied = await project.hubJobs();
    expect(applied).toHaveLength(3);
    writeFileSync(path.join(project.dir, "tranche1-state.json"), (await project.pulumiOk(["stack", "export"])).stdout);

    useCode(repoRoot);
    await project.pulumiOk(["preview", "--expect-no-changes"]);
    await project.pulumiOk(["up", "--yes", "--expect-no-changes"]);
    expect((await project.hubJobs()).map((j) => j.jobId)).toEqual(applied.map((j) => j.jobId));

    // And the upgraded stack keeps today's rules from there: a change runs once, under a chained id.
    project.writeManifest("tags.yaml", twinJob.replace("zone: north", "zone: south"));
    await project.pulumiOk(["up", "--yes"]);
    expect(await project.hubJobsFor("floor-tags")).toHaveLength(2);
    await project.pulumiOk(["up", "--yes", "--expect-no-changes"]);
  }, STEP_TIMEOUT);
});
