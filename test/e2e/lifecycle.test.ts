// Issue 5, scenarios 1-6, 10 and 11 with the real Pulumi engine, in order on one stack (each step
// starts from the state the previous one left), asserting on the hub's own job records. Scenarios 1,
// 4 and 6 also check issue 6's blast radius in the preview a reviewer reads.
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeSummary, E2EProject, e2eFleet, fleetTargets, hoursFromNow, methodJob, plannedSteps, requireEngine, skipReason, twinJob } from "./harness.ts";
import { createClient } from "../../src/iothub/create-client.ts";
import { blastRadiusLines, previewDiagnostics, previewStackOutput } from "./preview-output.ts";

const STEP_TIMEOUT = 180_000;

/** The hub route that answers `SELECT COUNT() FROM devices WHERE ...`, the blast radius's queries. */
const DEVICE_QUERY = "devices.query";
/** Concurrent jobs on the S2 hub these scenarios use (iothub-facts.md, "Limits"). */
const S2_JOB_SLOTS = 5;
const endedStatuses = ["completed", "failed", "cancelled"];

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

  it("1. preview on a fresh stack lists the hub and one create per manifest, runs no job, and counts the blast radius on the hub it adopts", async () => {
    const mark = project.hubRequests.length;
    const preview = await project.pulumiOk(["preview", "--json"]);
    const creates = plannedSteps(preview.stdout).filter((s) => s.op === "create");
    expect(creates.map((s) => s.name).sort()).toEqual(["dev", "hubjobs-e2e", "lock-device-1", "lock-later", "tag-building-43"].sort());
    expect(creates.find((s) => s.name === "dev")?.type).toContain("LocalHub");
    expect(await project.hubJobs()).toEqual([]);
    // The LocalHub resource is still to be created, so its access is unknown in this preview; but the
    // emulator already holds hub "dev", which the deployment adopts: one note says the counts come
    // from there, then one line per job with the fleet's numbers (the hub has no job yet).
    const diagnostics = previewDiagnostics(preview.stdout);
    expect(diagnostics.map((d) => d.message)).toContain(`blast radius: counted on hub "${project.hub.hubName}" as the emulator holds it now (this deployment adopts it)`);
    expect(diagnostics.filter((d) => d.severity === "warning")).toEqual([]);
    const building43 = (e2eFleet.devices ?? []).filter((d) => (d.tags as Record<string, unknown> | undefined)?.building === "43").map((d) => d.deviceId);
    const lines = blastRadiusLines(diagnostics).map(({ job, matched, offline, queue }) => ({ job, matched, offline, starts: queue.startsWith("starts at once") }));
    expect(lines.sort((a, b) => a.job.localeCompare(b.job))).toEqual([
      { job: "lock-device-1", ...fleetTargets(["Device-1"]), starts: true },
      { job: "lock-later", ...fleetTargets(["Device-2"]), starts: true },
      { job: "tag-building-43", ...fleetTargets(building43), starts: true },
    ]);
    expect(building43.length).toBeGreaterThan(0);
    expect(project.requestsSince(mark, DEVICE_QUERY)).toBeGreaterThan(0);
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

  it("4. editing one manifest's payload: preview shows exactly one replace and its blast radius; up runs exactly one new job", async () => {
    const before = await project.hubJobs();
    const target = ["Device-1"];
    project.writeManifest("lock.yaml", methodJob("lock-device-1", { deviceIds: target, payload: { reason: "second" } }));
    const mark = project.hubRequests.length;
    const preview = await project.pulumiOk(["preview", "--json"]);
    const deviceQueries = project.requestsSince(mark, DEVICE_QUERY);
    const replaced = plannedSteps(preview.stdout).filter((s) => s.op === "replace" || s.op === "create-replacement");
    expect(new Set(replaced.map((s) => s.name))).toEqual(new Set(["lock-device-1"]));
    expect(changeSummary(preview.stdout).replace).toBe(1);

    // Blast radius (issue 6): one line, on the replaced job's resource, with the hub's count of the
    // fleet's devices it targets; the job holding a slot (lock-later, scheduled) is ahead of it.
    const expected = fleetTargets(target);
    expect(expected.matched).toBeGreaterThan(0);
    const busySlots = before.filter((j) => !endedStatuses.includes(j.status)).length;
    const diagnostics = previewDiagnostics(preview.stdout);
    const lines = blastRadiusLines(diagnostics);
    expect(lines, JSON.stringify(diagnostics)).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ job: "lock-device-1", matched: expected.matched, offline: expected.offline });
    expect(line?.urn).toMatch(/::lock-device-1$/);
    expect(line?.queue).toBe(`starts at once (${busySlots} of ${S2_JOB_SLOTS} job slots busy)`);
    // A plain job is a single wave: its least duration at S2's job rate (one unit: the local hub has no units).
    expect(line?.forecast).toBe(`at least ${Math.max(1, Math.ceil(expected.matched / 10))} s at S2's 10 device operations/s (1 unit assumed)`);
    // The unchanged jobs get no line, one note says how many, and the hub counted one target only
    // (its devices and its offline devices); counting the unchanged jobs too would take more queries.
    const unchanged = before.length - 1;
    expect(diagnostics.map((d) => d.message)).toContain(`blast radius: ${unchanged} unchanged jobs not counted (already applied with the same job id: nothing runs for them)`);
    expect(deviceQueries).toBeGreaterThan(0);
    expect(deviceQueries).toBeLessThanOrEqual(2);

    // What the pull-request workflow runs (`pulumi preview --diff`): the same line (on stderr with
    // --diff, so read from the whole output) and the `blastRadius` stack output on stdout (only in
    // the text: `--json` leaves stack outputs out).
    const diff = await project.pulumiOk(["preview", "--diff"]);
    expect(diff.output).toContain(diagnostics.find((d) => d.urn === line?.urn)?.message);
    const blastRadius = previewStackOutput(diff.stdout, "blastRadius") as Record<string, { jobId: string }>;
    expect(blastRadius).toEqual({ "lock-device-1": { jobId: expect.stringMatching(/^lock-device-1-/), matched: expected.matched, offline: expected.offline, queue: line?.queue, forecast: line?.forecast } });

    await project.pulumiOk(["up", "--yes"]);
    const after = await project.hubJobs();
    const added = after.filter((j) => !before.some((b) => b.jobId === j.jobId));
    expect(added).toHaveLength(1);
    expect(added[0]?.jobId.startsWith("lock-device-1-")).toBe(true);
    // The preview named the job that then ran, and counted the devices it ran on.
    expect(added[0]?.jobId).toBe(blastRadius["lock-device-1"]?.jobId);
    expect(added[0]?.deviceJobStatistics?.deviceCount).toBe(expected.matched);
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

  it("6. refresh then preview --expect-no-changes: no diff, no new job, no blast radius counted", async () => {
    const before = await project.hubJobs();
    await project.pulumiOk(["refresh", "--yes"]);
    const mark = project.hubRequests.length;
    const preview = await project.pulumiOk(["preview", "--expect-no-changes"]);
    expect((await project.hubJobs()).length).toBe(before.length);
    // Nothing runs, so nothing is counted (docs/reviewing.md: "a no-op preview sends no query"),
    // also after a refresh has re-read every job: one note names how many were left out.
    const manifests = readdirSync(project.jobsDir).length;
    expect(preview.output).not.toContain("this job touches");
    expect(preview.output).toContain(`blast radius: ${manifests} unchanged jobs not counted`);
    expect(project.requestsSince(mark, DEVICE_QUERY)).toBe(0);
    // Every job output is known from state, so no stack output shows as changing ("[unknown]").
    expect(preview.output).not.toContain("[unknown]");
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

  it("10. destroy cancels unfinished jobs, leaves finished ones alone, and leaves the hub it adopted as it found it", async () => {
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
    // ...then everything that is left: the local hub. The emulator held it, with its fleet, before
    // the first up; the stack adopted it, so destroy leaves it with its devices and job records.
    await project.pulumiOk(["destroy", "--yes"]);
    expect(project.hub.admin.listHubs().map((h) => h.name)).toContain("dev");
    const client = await createClient({ connectionString: project.hub.connectionString, endpoint: project.hub.url });
    expect(await client.countDevices("*")).toBe((e2eFleet.devices ?? []).length);
    expect(await project.hubJobs()).toHaveLength(after.length);
  }, STEP_TIMEOUT);
});
