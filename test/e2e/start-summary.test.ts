// `npm start`'s summary after a real `pulumi up` (issue 16, item 4): a job that does not wait is
// recorded by the stack as it was when submitted, ends on the hub afterwards, and the summary shows
// it as the hub has it now, judged by its manifest's rule as `pulumi up` judges it.
import { describe, expect, it } from "vitest";
import { jobSummary, type SummaryOutputs } from "../../scripts/lib/job-outcomes.ts";
import { createClient } from "../../src/iothub/index.ts";
import { waitUntilFinished } from "../iothub/wait-for-job.ts";
import { E2EProject, requireEngine, skipReason } from "./harness.ts";

const STEP_TIMEOUT = 180_000;

/** Every device of the e2e fleet (Device-3 is offline), not waited for, no failure allowed. */
const lockAllLater = `apiVersion: hubjobs/v1
kind: DeviceMethodJob
metadata: { name: lock-all-later }
spec:
  target: { query: "*" }
  method: { name: LockDoor, payload: {}, responseTimeout: 5s }
  schedule: { maxExecutionTime: 1m }
  completion: { wait: false }
`;

describe.skipIf(skipReason !== undefined)("npm start's summary after `pulumi up` (real engine)", () => {
  it("shows the job's live state, not the stack's record of it", async () => {
    const project = await E2EProject.create(requireEngine(), { tier: "S1" });
    try {
      project.writeManifest("lock-all-later.yaml", lockAllLater);
      await project.pulumiOk(["up", "--yes"]);
      const outputs = (await project.stackOutputs()) as SummaryOutputs;
      const recorded = outputs.jobs?.["lock-all-later"];
      expect(recorded?.completion).toMatchObject({ maxFailedPercent: 0 });
      expect(recorded?.status).not.toBe("completed");

      const client = await createClient({ connectionString: project.hub.connectionString, endpoint: project.hub.url });
      await waitUntilFinished(client, recorded!.jobId!);
      const summary = await jobSummary(outputs);
      const line = summary.split("\n").find((l) => l.startsWith("  lock-all-later "));
      // Device-3 is offline: the hub counts it as failed, so the manifest's rule (no failure allowed) fails the job.
      expect(line, summary).toMatch(new RegExp(`^ {2}lock-all-later +completed +failed +2/3 succeeded, 1 failed, 0 pending; failed: Device-3 \\(DeviceNotOnline\\) +\\[${recorded!.jobId}\\]$`));
      expect(summary).not.toContain("Not ended yet");
    } finally {
      await project.dispose();
    }
  }, 2 * STEP_TIMEOUT);
});
