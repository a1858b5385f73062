// Issue 14 with the real Pulumi engine: a staged rollout's preview counts each wave, `up` runs the
// waves in order on disjoint devices, a failing canary stops the rollout, and a rollout killed
// between waves resumes without running a finished wave again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetDocument } from "../../src/emulator/fleet/fleet-document.ts";
import { E2EProject, processesOfRun, requireEngine, skipReason, until } from "./harness.ts";
import { previewDiagnostics } from "./preview-output.ts";

const STEP_TIMEOUT = 240_000;

const door = (deviceId: string, ring: string | undefined, status = 200) => ({
  deviceId,
  tags: { kind: "door", ...(ring ? { ring } : {}) },
  methods: { UpdateFirmware: { status, payload: status === 200 ? { ok: true } : { error: "flash full" }, latencyMs: 20 } },
});
const fleet = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: [
    door("Door-1", "canary"), door("Door-2", "canary"),
    door("Door-3", "early"), door("Door-4", "early"),
    // No ring at all: a condition on tags.ring is undefined for it, and it must still be in the rest.
    door("Door-5", undefined), door("Door-6", "late"), door("Door-7", "late"),
    door("Bad-1", "bad-canary", 500), door("Bad-2", "bad-rest"),
    { deviceId: "Lamp-1", tags: { kind: "lamp" } },
    // Devices that install the firmware a method names (and report it), and one that answers but never does.
    { deviceId: "Fw-1", tags: { kind: "fw" }, methods: { UpdateFirmware: { status: 200, latencyMs: 20, reported: { firmwareVersion: "$payload.version" } } } },
    { deviceId: "Fw-2", tags: { kind: "fw" }, methods: { UpdateFirmware: { status: 200, latencyMs: 20, reported: { firmwareVersion: "$payload.version" } } } },
    { deviceId: "Fw-3", tags: { kind: "fw" }, ignoresUpdates: true, methods: { UpdateFirmware: { status: 200, latencyMs: 20, reported: { firmwareVersion: "$payload.version" } } } },
  ],
} as FleetDocument;

function rollout(name: string, target: string, waves: string, gate = "{ maxFailedPercent: 0 }"): string {
  return [
    "apiVersion: hubjobs/v1",
    "kind: DeviceMethodJob",
    `metadata: { name: ${name} }`,
    "spec:",
    `  target: { query: "${target}" }`,
    "  method: { name: UpdateFirmware, payload: { version: '2.1.0' }, responseTimeout: 5s }",
    "  schedule: { maxExecutionTime: 1m }",
    "  rollout:",
    `    waves: ${waves}`,
    `    gate: ${gate}`,
    "",
  ].join("\n");
}

describe.skipIf(skipReason !== undefined)("staged rollouts (real engine)", () => {
  let project: E2EProject;

  beforeAll(async () => {
    project = await E2EProject.create(requireEngine(), { tier: "S2", fleet });
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await project?.dispose();
  });

  it("preview counts each wave; up runs the three waves in order, every targeted device exactly once", async () => {
    const waves = "[{ name: canary, where: \"tags.ring = 'canary'\" }, { name: early, where: \"tags.ring = 'early'\" }, { name: everyone }]";
    project.writeManifest("fw.yaml", rollout("fw", "tags.kind = 'door' AND deviceId != 'Bad-1' AND deviceId != 'Bad-2'", waves));
    const preview = await project.pulumiOk(["preview", "--json"]);
    const line = previewDiagnostics(preview.stdout).map((d) => d.message).find((m) => m.startsWith("fw: this job touches"));
    expect(line).toContain("fw: this job touches 7 devices");
    expect(line).toContain("in 3 waves: canary 2 devices (none offline), early 2 devices (none offline), everyone 3 devices (none offline)");

    await project.pulumiOk(["up", "--yes"]);
    const jobs = await project.hubJobsFor("fw");
    expect(jobs).toHaveLength(3);
    for (let i = 1; i < jobs.length; i++) expect(Date.parse(jobs[i]!.createdTime!)).toBeGreaterThanOrEqual(Date.parse(jobs[i - 1]!.endTime!));
    const client = await project.client();
    const rows = (await Promise.all(jobs.map((j) => client.queryDeviceJobs(j.jobId)))).map((r) => r.map((row) => row.deviceId).sort());
    expect(rows).toEqual([["Door-1", "Door-2"], ["Door-3", "Door-4"], ["Door-5", "Door-6", "Door-7"]]);
    const outputs = (await project.stackOutputs()) as { jobs: Record<string, { waves?: Array<{ name: string; gate: string }> }> };
    expect(outputs.jobs.fw?.waves?.map((w) => `${w.name}: ${w.gate}`)).toEqual(["canary: passed", "early: passed", "everyone: passed"]);
    await project.pulumiOk(["up", "--yes", "--expect-no-changes"]);
  }, STEP_TIMEOUT);

  it("a canary over maxFailedPercent stops the rollout: no later job is submitted, up exits non-zero saying why; the next up runs nothing", async () => {
    const waves = "[{ name: canary, deviceIds: [Bad-1] }, { name: rest }]";
    project.writeManifest("bad.yaml", rollout("fw-bad", "deviceId IN ['Bad-1', 'Bad-2']", waves));
    const up = await project.pulumi(["up", "--yes"]);
    expect(up.code, up.output).not.toBe(0);
    expect(up.output).toMatch(/rollout fw-bad stopped at wave canary \(fw-bad-[0-9a-f]{8}\): .*100% of devices failed \(allowed 0%\).*1 later wave was not started/);
    expect(await project.hubJobsFor("fw-bad")).toHaveLength(1);
    await project.pulumiOk(["up", "--yes", "--expect-no-changes"]);
    expect(await project.hubJobsFor("fw-bad")).toHaveLength(1);
  }, STEP_TIMEOUT);

  it("a verify gate passes when the wave's devices report the new firmware, and stops the rollout when one does not", async () => {
    const verify = "{ maxFailedPercent: 0, verify: { query: \"properties.reported.firmwareVersion = '2.1.0'\", minPercent: 100, within: 5s } }";
    project.writeManifest("verify.yaml", rollout("fw-verify", "deviceId IN ['Fw-1', 'Fw-2']", "[{ name: all }]", verify));
    await project.pulumiOk(["up", "--yes"]);
    const outputs = (await project.stackOutputs()) as { jobs: Record<string, { waves?: Array<{ gate: string }> }> };
    expect(outputs.jobs["fw-verify"]?.waves?.map((w) => w.gate)).toEqual(["passed"]);

    project.writeManifest("verify-bad.yaml", rollout("fw-verify-bad", "tags.kind = 'fw'", "[{ name: first, deviceIds: [Fw-3] }, { name: rest }]", verify.replace("5s", "2s")));
    const up = await project.pulumi(["up", "--yes"]);
    expect(up.code, up.output).not.toBe(0);
    expect(up.output).toContain("verify failed: after 2s only 0 of 1 devices (0%) match properties.reported.firmwareVersion = '2.1.0'");
    expect(await project.hubJobsFor("fw-verify-bad")).toHaveLength(1);
    project.removeManifest("verify.yaml");
    project.removeManifest("verify-bad.yaml");
  }, STEP_TIMEOUT);

  it("a rollout killed between waves resumes: cancel and up adopt the finished wave and run the next", async () => {
    project.removeManifest("bad.yaml");
    const waves = "[{ name: first, where: \"tags.ring = 'canary'\" }, { name: second }]";
    project.writeManifest("fw.yaml", rollout("fw", "tags.kind = 'door' AND deviceId != 'Bad-1' AND deviceId != 'Bad-2'", waves, "{ maxFailedPercent: 0, soak: 30s }"));
    const before = (await project.hubJobsFor("fw")).length;
    const marker = `rollout-${process.pid}-${Date.now()}`;
    const { child, done } = project.startPulumi(["up", "--yes"], marker);
    await until("the first wave to end", async () => {
      const jobs = await project.hubJobsFor("fw");
      return jobs.length === before + 1 && jobs.at(-1)?.status === "completed";
    }, 60_000);
    child.kill("SIGKILL");
    await done;
    await until("no process of the killed run", async () => processesOfRun(marker).length === 0, 15_000);
    await project.pulumiOk(["cancel", "--yes"]);
    const up = await project.pulumiOk(["up", "--yes"]);
    const jobs = await project.hubJobsFor("fw");
    expect(jobs, up.output).toHaveLength(before + 2);
    expect(up.output).toContain(`adopted job ${jobs[before]!.jobId}`);
  }, STEP_TIMEOUT);
});
