// `npm start`'s summary against a real embedded hub: the stack recorded `nightly-lock-all` as
// `queued 0/0` when `pulumi up` finished, and the job ended on the hub afterwards. The summary shows
// the hub's state now, judged by each manifest's rule as `pulumi up` judges it, and says when a
// line can only come from the stack's record.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobSummary, type SummaryOutputs } from "../../scripts/lib/job-outcomes.ts";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import type { FleetDocument } from "../../src/emulator/fleet/fleet-document.ts";
import { createClient, type IotHubClient, type JobRequest } from "../../src/iothub/index.ts";
import { waitUntilFinished } from "../iothub/wait-for-job.ts";

const fleet: FleetDocument = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: [
    { deviceId: "Door-1", connected: true, methods: { LockDoor: { status: 200, payload: { locked: true } } } },
    { deviceId: "Door-2", connected: true, methods: { LockDoor: { status: 500, payload: { error: "lock jammed" } } } },
    { deviceId: "Door-3", connected: false },
  ],
};

const lockAll = (jobId: string): JobRequest => ({
  jobId,
  type: "scheduleDeviceMethod",
  queryCondition: "*",
  cloudToDeviceMethod: { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 },
  maxExecutionTimeInSeconds: 60,
});

const queued = { status: "queued", statistics: { deviceCount: 0, succeededCount: 0, failedCount: 0, runningCount: 0, pendingCount: 0 }, failedDevices: [], deviceErrorCount: null };

let hub: RunningHub;
let client: IotHubClient;
let outputs: SummaryOutputs;

async function runToEnd(jobId: string): Promise<void> {
  await client.createJob(jobId, lockAll(jobId));
  await waitUntilFinished(client, jobId);
}

beforeAll(async () => {
  hub = await startHub({ port: 0, tier: "S3", fleet });
  client = await createClient({ connectionString: hub.connectionString, endpoint: hub.url });
  // As `pulumi up` left them: both jobs recorded before they ran (completion.wait: false).
  await runToEnd("nightly-lock-all-e0194524");
  await runToEnd("lock-tolerant-0a1b2c3d");
  await runToEnd("fw-rollout-1a1a1a1a");
  await runToEnd("fw-rollout-2b2b2b2b");
  outputs = {
    hubConnectionString: hub.connectionString,
    hubEndpoint: hub.url,
    jobs: {
      "nightly-lock-all": { jobId: "nightly-lock-all-e0194524", ...queued, completion: { maxFailedPercent: 0 } },
      "lock-tolerant": { jobId: "lock-tolerant-0a1b2c3d", ...queued, completion: { maxFailedPercent: 70 } },
      // A rollout: each wave its own job, recorded by `pulumi up` (which ran them to their end) with its gate.
      "fw-rollout": {
        jobId: "fw-rollout-00000000", ...queued, completion: { maxFailedPercent: 0 },
        waves: [
          { name: "canary", jobId: "fw-rollout-1a1a1a1a", status: "completed", gate: "passed" },
          { name: "everyone", jobId: "fw-rollout-2b2b2b2b", status: "running", gate: "passed" },
        ],
      },
      "locate-device-1": {
        jobId: "locate-device-1-a11dda90", status: "completed", completion: { maxFailedPercent: 0 },
        statistics: { deviceCount: 1, succeededCount: 1, failedCount: 0, runningCount: 0, pendingCount: 0 }, failedDevices: [],
      },
    },
  };
});
afterAll(async () => {
  await hub?.close();
});

const lineOf = (summary: string, name: string) => summary.split("\n").find((l) => l.startsWith(`  ${name} `)) ?? "";

describe("npm start's summary", () => {
  it("shows a job that ended after `pulumi up` as the hub has it now, judged by its manifest's rule", async () => {
    const summary = await jobSummary(outputs);
    expect(summary.split("\n")[0]).toBe(`Jobs on the hub at ${hub.url} now, judged as \`pulumi up\` judges them (each manifest's completion.maxFailedPercent):`);
    const nightly = lineOf(summary, "nightly-lock-all");
    // The hub counts the jammed Door-2 as succeeded; the verdict counts it as failed, as `pulumi up` does.
    expect(nightly).toMatch(/^ {2}nightly-lock-all +completed +failed +1\/3 succeeded, 2 failed \(1 answered an error\), 0 pending; failed: Door-3 \(DeviceNotOnline\), Door-2 \(method returned 500\) +\[nightly-lock-all-e0194524\]$/);
    expect(summary).not.toContain("queued");
  });

  it("judges each job by its own rule: 2 of 3 failed is within 70%", async () => {
    expect(lineOf(await jobSummary(outputs), "lock-tolerant")).toMatch(/^ {2}lock-tolerant +completed +succeeded +1\/3 succeeded, 2 failed/);
  });

  it("shows a rollout as its waves' jobs on the hub, judged by the gates `pulumi up` applied", async () => {
    const line = lineOf(await jobSummary(outputs), "fw-rollout");
    // Two waves of 3 devices, each with Door-3 offline (the hub counts Door-2's 500 as succeeded).
    expect(line).toMatch(/^ {2}fw-rollout +completed +succeeded +4\/6 succeeded, 2 failed, 0 pending +\[rollout: canary, everyone\]$/);
    const failedGate = { ...outputs, jobs: { "fw-rollout": { ...outputs.jobs!["fw-rollout"]!, waves: [{ name: "canary", jobId: "fw-rollout-1a1a1a1a", gate: "1 of 3 devices failed (allowed 0%)" }] } } };
    expect(lineOf(await jobSummary(failedGate), "fw-rollout")).toMatch(/^ {2}fw-rollout +completed +failed /);
  });

  it("says a line comes from the stack's record when the hub does not know the job", async () => {
    const line = lineOf(await jobSummary(outputs), "locate-device-1");
    expect(line).toMatch(/^ {2}locate-device-1 +completed +succeeded +1\/1 succeeded, 0 failed, 0 pending +\[locate-device-1-a11dda90\]/);
    expect(line).toContain("(the stack's record from `pulumi up`: the hub does not know this job)");
  });

  it("falls back to the stack's record, saying why, when the hub does not answer", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const summary = await jobSummary({ ...outputs, hubEndpoint: `http://127.0.0.1:${closedPort}` });
    expect(summary.split("\n")[0]).toMatch(new RegExp(`^Jobs as \`pulumi up\` recorded them \\(the hub at http://127\\.0\\.0\\.1:${closedPort} could not be asked`));
    expect(lineOf(summary, "nightly-lock-all")).toMatch(/^ {2}nightly-lock-all +queued +unfinished +0\/0 succeeded/);
    expect(lineOf(summary, "nightly-lock-all")).toContain("(the stack's record from `pulumi up`: the hub could not be asked)");
    expect(summary).toContain("Not ended yet: fw-rollout (running), lock-tolerant (queued), nightly-lock-all (queued). Follow live: npx hubjobs status --watch");
  });
});
