// Issue 5, scenarios 1-6, 10 and 11 with the real Pulumi engine, in order on one stack (each step
// starts from the state the previous one left), asserting on the hub's own job records.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeSummary, E2EProject, hoursFromNow, methodJob, plannedSteps, requireEngine, skipReason, twinJob } from "./harness.ts";

const STEP_TIMEOUT = 180_000;

describe.skipIf(skipReason !== undefined)("pulumi lifecycle on the embedded hub (real engine)", () => {
  let project: E2EProject;
  const laterStart = hoursFromNow(48);

  beforeAll(async () => {
    project = await E2EProject.create(requireEngine(), { tier: "S2" });
    project.writeManifest("lock.yaml", methodJob("lock-device-1", { deviceIds: ["Device-1"], payload: { reason: "first" } }));
    project.writeManifest("tags.yaml", twinJob("tag-building-43", "tags.building = '43'", { zone: "north" }));
    project.writeManifest("later.yaml", methodJob("lock-later", { deviceIds: ["Device-2"], startTime: laterStart }));
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await project?.dispose();
  });

  it("1. preview on a fresh stack lists the hub and one create per manifest, and runs no job", async () => {
    const preview = await project.pulumiOk(["preview", "--json"]);
    const creates = plannedSteps(preview.stdout).filter((s) => s.op === "create");
    expect(creates.map((s) => s.name).sort()).toEqual(["dev", "hubjobs-e2e", "lock-device-1", "lock-later", "tag-building-43"].sort());
    expect(creates.find((s) => s.name === "dev")?.type).toContain("LocalHub");
    expect(await project.hubJobs()).toEqual([]);
  }, STEP_TIMEOUT);

  it("2. up runs every job exactly once; outputs carry status and statistics", async () => {
    await project.pulumiOk(["up", "--yes"]);
    const jobs = await project.hubJobs();
    expect(jobs.map((j) => j.jobId.replace(/-[^-]+$/, "")).sort()).toEqual(["lock-device-1", "lock-later", "tag-building-43"]);
    const outputs = (await project.stackOutputs()) as { jobs: Record<string, { jobId: string; status: string; statistics: { deviceCount: number; succeededCount: number } }> };
    const lock = outputs.jobs["lock-device-1"];
    expect(lock?.status).toBe("completed");
    expect(lock?.statistics).toMatchObject({ deviceCount: 1, succeededCount: 1 });
    expect(outputs.jobs["tag-building-43"]?.statistics).toMatchObject({ deviceCount: 2, succeededCount: 2 });
    expect(outputs.jobs["lock-later"]?.status).toBe("scheduled");
    for (const [name, output] of Object.entries(outputs.jobs)) {
      expect(jobs.find((j) => j.jobId === output.jobId), `hub record of ${name}`).toBeDefined();
    }
  }, STEP_TIMEOUT);

  it("3. a second up --expect-no-changes succeeds and the hub's job count is unchanged", async () => {
    const before = await project.hubJobs();
    await project.pulumiOk(["up", "--yes", "--expect-no-changes"]);
    expect((await project.hubJobs()).map((j) => j.jobId)).toEqual(before.map((j) => j.jobId));
  }, STEP_TIMEOUT);

  it("4. editing one manifest's payload: preview shows exactly one replace; up runs exactly one new job", async () => {
    const before = await project.hubJobs();
    project.writeManifest("lock.yaml", methodJob("lock-device-1", { deviceIds: ["Device-1"], payload: { reason: "second" } }));
    const preview = await project.pulumiOk(["preview", "--json"]);
    const replaced = plannedSteps(preview.stdout).filter((s) => s.op === "replace" || s.op === "create-replacement");
    expect(new Set(replaced.map((s) => s.name))).toEqual(new Set(["lock-device-1"]));
    expect(changeSummary(preview.stdout).replace).toBe(1);
    await project.pulumiOk(["up", "--yes"]);
    const after = await project.hubJobs();
    const added = after.filter((j) => !before.some((b) => b.jobId === j.jobId));
    expect(added).toHaveLength(1);
    expect(added[0]?.jobId.startsWith("lock-device-1-")).toBe(true);
  }, STEP_TIMEOUT);

  it("5. removing the manifest of a job scheduled for later: up cancels it on the hub", async () => {
    const [scheduled] = await project.hubJobsFor("lock-later");
    expect(scheduled?.status).toBe("scheduled");
    project.removeManifest("later.yaml");
    await project.pulumiOk(["up", "--yes"]);
    const [after] = await project.hubJobsFor("lock-later");
    expect(after?.jobId).toBe(scheduled?.jobId);
    expect(after?.status).toBe("cancelled");
  }, STEP_TIMEOUT);

  it("6. refresh then preview --expect-no-changes: no diff, no new job", async () => {
    const before = await project.hubJobs();
    await project.pulumiOk(["refresh", "--yes"]);
    await project.pulumiOk(["preview", "--expect-no-changes"]);
    expect((await project.hubJobs()).length).toBe(before.length);
  }, STEP_TIMEOUT);

  it("11. pulumi stack export contains no key or connection string in plain text", async () => {
    const exported = (await project.pulumiOk(["stack", "export"])).stdout;
    const sharedAccessKey = /SharedAccessKey=([^;]+)/.exec(project.hub.connectionString)?.[1];
    expect(sharedAccessKey).toBeTruthy();
    expect(exported).not.toContain(sharedAccessKey!);
    expect(exported).not.toContain(project.hub.adminKey);
    expect(exported).not.toMatch(/SharedAccessKey=/);
    expect(exported).toContain("4dabf18193072939515e22adb298388d"); // Pulumi's secret signature: secrets are there, encrypted
  }, STEP_TIMEOUT);

  it("10. destroy cancels unfinished jobs, leaves finished ones alone, removes the local hub", async () => {
    project.writeManifest("later.yaml", methodJob("lock-later-2", { deviceIds: ["Device-2"], startTime: laterStart }));
    await project.pulumiOk(["up", "--yes"]);
    const before = await project.hubJobs();
    const finished = before.filter((j) => j.status === "completed");
    expect(finished.length).toBeGreaterThanOrEqual(3);
    expect((await project.hubJobsFor("lock-later-2"))[0]?.status).toBe("scheduled");

    // First the jobs alone (targeted destroy), so the hub's records can be read afterwards...
    const jobUrns = await project.resourceUrns((type) => type.endsWith(":Job"));
    expect(jobUrns).toHaveLength(3);
    await project.pulumiOk(["destroy", "--yes", ...jobUrns.flatMap((urn) => ["--target", urn])]);
    const after = await project.hubJobs();
    expect((await project.hubJobsFor("lock-later-2"))[0]?.status).toBe("cancelled");
    for (const job of finished) expect(after.find((j) => j.jobId === job.jobId)?.status).toBe("completed");
    expect(after).toHaveLength(before.length);
    // ...then everything that is left: the local hub.
    await project.pulumiOk(["destroy", "--yes"]);
    expect(project.hub.admin.listHubs().map((h) => h.name)).not.toContain("dev");
  }, STEP_TIMEOUT);
});
