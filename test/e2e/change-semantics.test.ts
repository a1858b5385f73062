// Issue 12 with the real Pulumi engine: what a manifest change does to devices. Every change of
// what a job does runs once relative to what the stack last applied (a revert too, a re-added
// manifest too); a cosmetic edit runs nothing (preview-equals-up.test.ts: preview says what up does); a replacement
// never overlaps the job it replaces; nothing of a killed run outlives it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetDocument } from "../../src/emulator/fleet/fleet-document.ts";
import { E2EProject, plannedSteps, processesOfRun, lockJob, requireEngine, skipReason, until } from "./harness.ts";

const STEP_TIMEOUT = 240_000;
/** Long enough that a job on Slow-1 is still running while the next `pulumi up` (5-10 s on a busy machine) acts. */
const SLOW_MS = 20_000;

const fleet = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: [
    { deviceId: "Device-1", tags: { building: "43", floor: "3" }, methods: { LockDoor: { status: 200, payload: { locked: true }, latencyMs: 20 }, UnlockDoor: { status: 200, payload: { locked: false }, latencyMs: 20 } } },
    { deviceId: "Device-2", tags: { building: "43", floor: "4" }, methods: { LockDoor: { status: 200, payload: { locked: true }, latencyMs: 20 }, UnlockDoor: { status: 200, payload: { locked: false }, latencyMs: 20 } } },
    // A lock that takes SLOW_MS to answer: its jobs stay running long enough to be replaced or removed mid-run.
    { deviceId: "Slow-1", tags: { building: "45" }, methods: { LockDoor: { status: 200, payload: { locked: true }, latencyMs: SLOW_MS } } },
  ],
} as FleetDocument;

function intervalJob(seconds: number): string {
  return [
    "apiVersion: hubjobs/v1",
    "kind: TwinUpdateJob",
    "metadata: { name: interval }",
    "spec:",
    "  target: { deviceIds: [Device-1] }",
    `  twin: { desired: { telemetryInterval: ${seconds} } }`,
    "  schedule: { maxExecutionTime: 1m }",
    "",
  ].join("\n");
}

/** The lock job written another way: comments, key order, quoting, query spacing, case and parentheses, duration units, defaults. */
const lockJobRespelled = [
  "# The same job as lockJob('A'), written differently.",
  "kind: DeviceMethodJob",
  "apiVersion: 'hubjobs/v1'",
  "metadata:",
  "  name: \"lock\"",
  "spec:",
  "  schedule:",
  "    maxExecutionTime: 60s   # one minute",
  "  method:",
  "    responseTimeout: 5000ms",
  "    connectTimeout: 0s       # the default, written out",
  "    payload:",
  "      reason: \"A\"",
  "    name: LockDoor",
  "  target:",
  "    query: \"(tags.building = '43')   AND   (tags.floor = \\\"3\\\")\"",
  "",
].join("\n");

function slowJob(name: string, reason: string, completion: string): string {
  return [
    "apiVersion: hubjobs/v1",
    "kind: DeviceMethodJob",
    `metadata: { name: ${name} }`,
    "spec:",
    "  target: { deviceIds: [Slow-1] }",
    `  method: { name: LockDoor, payload: { reason: ${reason} }, responseTimeout: 30s }`,
    "  schedule: { maxExecutionTime: 1m }",
    `  completion: ${completion}`,
    "",
  ].join("\n");
}

describe.skipIf(skipReason !== undefined)("change semantics (real engine)", () => {
  let project: E2EProject;

  beforeAll(async () => {
    project = await E2EProject.create(requireEngine(), { tier: "S2", fleet });
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await project?.dispose();
  });

  it("a twin job reverted (30 -> 60 -> 30) runs a third time and leaves the device at 30", async () => {
    for (const seconds of [30, 60]) {
      project.writeManifest("interval.yaml", intervalJob(seconds));
      await project.pulumiOk(["up", "--yes"]);
      expect((await project.twin("Device-1")).properties?.desired?.telemetryInterval).toBe(seconds);
    }
    project.writeManifest("interval.yaml", intervalJob(30));
    const preview = await project.pulumiOk(["preview", "--json"]);
    expect(plannedSteps(preview.stdout).filter((s) => s.name === "interval").map((s) => s.op)).toEqual(["replace"]);
    await project.pulumiOk(["up", "--yes"]);
    const jobs = await project.hubJobsFor("interval");
    expect(jobs).toHaveLength(3);
    expect(new Set(jobs.map((j) => j.jobId)).size).toBe(3);
    expect((await project.twin("Device-1")).properties?.desired?.telemetryInterval).toBe(30);
    await project.pulumiOk(["up", "--yes", "--expect-no-changes"]);
    expect(await project.hubJobsFor("interval")).toHaveLength(3);
  }, STEP_TIMEOUT);

  it("a method job reverted (A -> B -> A) calls A a second time", async () => {
    for (const reason of ["A", "B", "A"]) {
      project.writeManifest("lock.yaml", lockJob(reason));
      await project.pulumiOk(["up", "--yes"]);
    }
    const jobs = await project.hubJobsFor("lock");
    expect(jobs.map((j) => (j.cloudToDeviceMethod?.payload as { reason?: string } | undefined)?.reason)).toEqual(["A", "B", "A"]);
    expect(jobs.every((j) => j.status === "completed")).toBe(true);
  }, STEP_TIMEOUT);

  it("cosmetic edits (comments, key order, quoting, query spacing/case/parentheses, duration units, defaults) run nothing and preview shows no change", async () => {
    const before = await project.hubJobs();
    project.writeManifest("lock.yaml", lockJobRespelled);
    await project.pulumiOk(["preview", "--expect-no-changes"]);
    await project.pulumiOk(["up", "--yes", "--expect-no-changes"]);
    expect((await project.hubJobs()).length).toBe(before.length);
  }, STEP_TIMEOUT);

  it("a manifest removed and later added back with the same content runs again", async () => {
    const [last] = (await project.hubJobsFor("interval")).slice(-1);
    project.removeManifest("interval.yaml");
    await project.pulumiOk(["up", "--yes"]);
    // Meanwhile another change moves the device away from 30.
    project.writeManifest("other.yaml", intervalJob(45).replace("name: interval", "name: interval-other"));
    await project.pulumiOk(["up", "--yes"]);
    expect((await project.twin("Device-1")).properties?.desired?.telemetryInterval).toBe(45);
    project.removeManifest("other.yaml");
    project.writeManifest("interval.yaml", intervalJob(30));
    const preview = await project.pulumiOk(["preview", "--json"]);
    expect(plannedSteps(preview.stdout).filter((s) => s.name === "interval").map((s) => s.op)).toEqual(["create"]);
    await project.pulumiOk(["up", "--yes"]);
    const jobs = await project.hubJobsFor("interval");
    expect(jobs).toHaveLength(4);
    expect(jobs.at(-1)?.jobId).not.toBe(last?.jobId);
    expect((await project.twin("Device-1")).properties?.desired?.telemetryInterval).toBe(30);
    await project.pulumiOk(["up", "--yes", "--expect-no-changes"]);
  }, STEP_TIMEOUT);

  it("a replacement waits for the running job it replaces, and preview says so; past completion.timeout up submits nothing", async () => {
    project.writeManifest("slow.yaml", slowJob("slow", "A", "{ wait: false }"));
    await project.pulumiOk(["up", "--yes"]);
    const [first] = await project.hubJobsFor("slow");
    await until("the first slow job to run", async () => (await project.hubJobsFor("slow"))[0]?.status === "running");

    // Preview first, while the first job surely runs: it says the replacement starts after it.
    project.writeManifest("slow.yaml", slowJob("slow", "B", "{ wait: false }"));
    const preview = await project.pulumiOk(["preview"]);
    expect((await project.hubJobsFor("slow"))[0]?.status, "the first job must still run for this check").toBe("running");
    expect(preview.output).toContain(`replaces ${first!.jobId}, still running (0/1 done): starts after it ends`);

    // Past the deadline: the running job is named with its counts, and nothing is submitted.
    project.writeManifest("slow.yaml", slowJob("slow", "B", "{ wait: false, timeout: 2s }"));
    const refused = await project.pulumi(["up", "--yes"]);
    expect(refused.code, refused.output).not.toBe(0);
    expect(refused.output).toContain(`${first!.jobId} (running, 0/1 devices done) is still running`);
    expect(refused.output).toContain("was not submitted");
    expect(await project.hubJobsFor("slow")).toHaveLength(1);

    project.writeManifest("slow.yaml", slowJob("slow", "B", "{ wait: false }"));
    await project.pulumiOk(["up", "--yes"]);
    const jobs = await project.hubJobsFor("slow");
    expect(jobs).toHaveLength(2);
    const [old, replacement] = jobs;
    expect(old?.status).toBe("completed");
    expect(Date.parse(replacement!.createdTime!)).toBeGreaterThanOrEqual(Date.parse(old!.endTime!));
  }, STEP_TIMEOUT);

  it("removing the manifest of a running job says it keeps running to its end, and the stack forgets it", async () => {
    project.writeManifest("slow.yaml", slowJob("slow", "C", "{ wait: false }"));
    await project.pulumiOk(["up", "--yes"]);
    const running = (await project.hubJobsFor("slow")).at(-1)!;
    await until("the job to run", async () => (await project.hubJobsFor("slow")).at(-1)?.status === "running");
    project.removeManifest("slow.yaml");
    const up = await project.pulumiOk(["up", "--yes"]);
    expect(up.output).toContain(`cannot be cancelled while it runs; it keeps running to its end`);
    expect((await project.resourceUrns((t) => t.endsWith(":Job"))).filter((urn) => urn.endsWith("::slow"))).toEqual([]);
    expect((await project.hubJobsFor("slow")).at(-1)).toMatchObject({ jobId: running.jobId });
    await until("the removed job to end", async () => (await project.hubJobsFor("slow")).at(-1)?.status === "completed", 60_000);
  }, STEP_TIMEOUT);

  it("an up killed (SIGKILL) while its job runs leaves no process behind; cancel and up adopt the job, never resubmit it", async () => {
    project.writeManifest("slow2.yaml", slowJob("slow-two", "A", "{ wait: true }"));
    const marker = `kill-${process.pid}-${Date.now()}`;
    const { child, done } = project.startPulumi(["up", "--yes"], marker);
    await until("the job to run on the hub", async () => (await project.hubJobsFor("slow-two"))[0]?.status === "running", 60_000);
    expect(processesOfRun(marker).length).toBeGreaterThan(1);
    child.kill("SIGKILL");
    await done;
    // The engine is gone: its provider and language host must notice and end within 15 s.
    await until(`no process of the killed run (left: ${processesOfRun(marker).join("; ")})`, async () => processesOfRun(marker).length === 0, 15_000);

    await project.pulumiOk(["cancel", "--yes"]);
    const up = await project.pulumiOk(["up", "--yes"]);
    const jobs = await project.hubJobsFor("slow-two");
    expect(jobs, up.output).toHaveLength(1);
    expect(up.output).toContain(`adopted existing job ${jobs[0]!.jobId}`);
    const outputs = (await project.stackOutputs()) as { jobs: Record<string, { jobId: string; status: string }> };
    expect(outputs.jobs["slow-two"]).toMatchObject({ jobId: jobs[0]!.jobId, status: "completed" });
  }, STEP_TIMEOUT);
});
