// Issue 12, "preview never understates", with the real Pulumi engine: each manifest field is changed
// in turn, and preview's verdict (replace with its blast radius, or update without one) must be what
// `up` then does (one job run, or none). Its own file so it runs next to change-semantics.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2EProject, plannedSteps, lockJob, requireEngine, skipReason } from "./harness.ts";
import { previewDiagnostics } from "./preview-output.ts";

const STEP_TIMEOUT = 240_000;

const fleet = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: ["3", "4"].map((floor, i) => ({
    deviceId: `Device-${i + 1}`,
    tags: { building: "43", floor },
    methods: { LockDoor: { status: 200, latencyMs: 20 }, UnlockDoor: { status: 200, latencyMs: 20 } },
  })),
};

describe.skipIf(skipReason !== undefined)("preview equals up (real engine)", () => {
  let project: E2EProject;

  beforeAll(async () => {
    project = await E2EProject.create(requireEngine(), { tier: "S2", fleet: fleet as never });
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await project?.dispose();
  });

  it("preview's verdict for each field is what up then does: replace runs one job, update runs none", async () => {
    const table: Array<[string, string, string]> = [
      // [field, from, to]: text replacements, each applied on top of the ones before it
      ["method name", "name: LockDoor", "name: UnlockDoor"],
      ["payload", "reason: A", "reason: C"],
      ["response timeout", "responseTimeout: 5s", "responseTimeout: 6s"],
      ["target", "tags.floor='3'", "tags.floor='4'"],
      ["max execution time", "maxExecutionTime: 1m", "maxExecutionTime: 2m"],
      ["description", "metadata: { name: lock }", "metadata: { name: lock, description: Lock them }"],
      ["labels", "description: Lock them }", "description: Lock them, labels: { team: security } }"],
      ["completion", "  schedule: { maxExecutionTime: 2m }", "  schedule: { maxExecutionTime: 2m }\n  completion: { maxFailedPercent: 50, timeout: 5m }"],
    ];
    // Each change is made on top of the previous one (two commands a field, not three).
    let text = lockJob("A");
    project.writeManifest("lock.yaml", text);
    await project.pulumiOk(["up", "--yes"]);
    const verdicts: string[] = [];
    for (const [field, from, to] of table) {
      const next = text.replace(from, to);
      expect(next, field).not.toBe(text);
      text = next;
      project.writeManifest("lock.yaml", text);
      const preview = await project.pulumiOk(["preview", "--json"]);
      const ops = plannedSteps(preview.stdout).filter((s) => s.name === "lock").map((s) => s.op);
      const previewSays = ops.includes("replace") || ops.includes("create-replacement") ? "replace" : ops.join(",") || "same";
      const blast = previewDiagnostics(preview.stdout).some((d) => d.message.startsWith("lock: this job touches")) ? "counted" : "none";
      const before = (await project.hubJobsFor("lock")).length;
      await project.pulumiOk(["up", "--yes"]);
      const ran = (await project.hubJobsFor("lock")).length - before;
      verdicts.push(`${field}: preview ${previewSays} (blast radius ${blast}), up ran ${ran}`);
    }
    expect(verdicts).toEqual([
      "method name: preview replace (blast radius counted), up ran 1",
      "payload: preview replace (blast radius counted), up ran 1",
      "response timeout: preview replace (blast radius counted), up ran 1",
      "target: preview replace (blast radius counted), up ran 1",
      "max execution time: preview replace (blast radius counted), up ran 1",
      "description: preview update (blast radius none), up ran 0",
      "labels: preview update (blast radius none), up ran 0",
      "completion: preview update (blast radius none), up ran 0",
    ]);
  }, 600_000);

});
