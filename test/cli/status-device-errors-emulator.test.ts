// `hubjobs status` against the embedded hub, judging method jobs as `pulumi up` does: Door-3's lock
// is jammed and answers 500 (the hub records its row as completed and counts it as succeeded),
// Door-4 is offline (the hub counts it as failed). Through the command's own `run`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/commands/status.ts";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import type { FleetDocument } from "../../src/emulator/fleet/fleet-document.ts";
import { createClient, type IotHubClient, type JobRequest } from "../../src/iothub/index.ts";
import { waitUntilFinished } from "../iothub/wait-for-job.ts";
import { captureIo } from "./status-fakes.ts";

// A short latency, so a watched job is seen running before it ends.
const locks = { LockDoor: { status: 200, payload: { locked: true }, latencyMs: 100 } };
const jammed = { LockDoor: { status: 500, payload: { error: "lock jammed" }, latencyMs: 100 } };
const fleet: FleetDocument = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: [
    { deviceId: "Door-1", connected: true, methods: locks },
    { deviceId: "Door-2", connected: true, methods: locks },
    { deviceId: "Door-3", connected: true, methods: jammed },
    { deviceId: "Door-4", connected: false, methods: locks },
  ],
};

const lockJob = (jobId: string, queryCondition: string): JobRequest => ({
  jobId,
  type: "scheduleDeviceMethod",
  queryCondition,
  cloudToDeviceMethod: { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 },
  maxExecutionTimeInSeconds: 60,
});

let hub: RunningHub;
let client: IotHubClient;
let hubArgs: string[];

async function runToEnd(jobId: string, condition: string): Promise<void> {
  await client.createJob(jobId, lockJob(jobId, condition));
  await waitUntilFinished(client, jobId);
}

interface JsonJob {
  jobId: string;
  outcome: string;
  statistics: Record<string, number>;
  deviceErrors?: { count: number; capped: boolean };
  failedDevices?: Array<Record<string, unknown>>;
}

beforeAll(async () => {
  hub = await startHub({ port: 0, tier: "S3", fleet });
  client = await createClient({ connectionString: hub.connectionString, endpoint: hub.url });
  hubArgs = ["--hub", hub.connectionString, "--endpoint", hub.url];
  await runToEnd("lock-all-0a1b2c3d", "*");
  await runToEnd("lock-jammed-1b2c3d4e", "deviceId IN ['Door-1', 'Door-3']");
  await runToEnd("lock-good-2c3d4e5f", "deviceId IN ['Door-1', 'Door-2']");
});
afterAll(async () => {
  await hub?.close();
});

describe("hubjobs status on the embedded hub: devices that answered an error", () => {
  it("table: the jammed door counts as failed with the offline one, named as the provider names it; exit 1", async () => {
    const io = captureIo();
    expect(await run(["lock-all", ...hubArgs], io)).toBe(1);
    const out = io.out();
    // The hub says 3 succeeded, 1 failed; judged as `pulumi up` judges: 2 and 2.
    expect(out).toMatch(/^lock-all-0a1b2c3d\s+method\s+completed\s+4\s+2\s+2\s+0\s+0$/m);
    expect(out).toContain("lock-all-0a1b2c3d (method, completed): 2 of 4 devices failed (1 of them answered the method with an error status)");
    expect(out).toMatch(/^ {4}Door-4: DeviceNotOnline/m);
    expect(out).toContain('    Door-3 (method returned 500: {"error":"lock jammed"})');
    expect(out.trimEnd().split("\n").at(-1)).toBe("1 job: 0 succeeded, 1 failed; 2 failed devices");
  });

  it("JSON: the hub's statistics, the device-error count and both failed devices; exit 1", async () => {
    const io = captureIo();
    expect(await run(["lock-all", "--json", ...hubArgs], io)).toBe(1);
    const doc = JSON.parse(io.out()) as { ok: boolean; jobs: JsonJob[] };
    expect(doc.ok).toBe(false);
    expect(doc.jobs).toHaveLength(1);
    expect(doc.jobs[0]).toMatchObject({
      jobId: "lock-all-0a1b2c3d",
      outcome: "failed",
      statistics: { deviceCount: 4, succeededCount: 3, failedCount: 1 },
      deviceErrors: { count: 1, capped: false },
    });
    expect(doc.jobs[0]?.failedDevices?.map((d) => [d.deviceId, d.status, d.error, d.methodStatus, d.methodPayload])).toEqual([
      ["Door-4", "failed", "DeviceNotOnline", undefined, undefined],
      ["Door-3", "completed", "method returned 500", 500, '{"error":"lock jammed"}'],
    ]);
  });

  it("exits 1 for a job the hub calls a full success when its only problem is the 500 answer", async () => {
    const io = captureIo();
    expect(await run(["lock-jammed", "--json", ...hubArgs], io)).toBe(1);
    const job = (JSON.parse(io.out()) as { jobs: JsonJob[] }).jobs[0];
    expect(job).toMatchObject({ outcome: "failed", statistics: { succeededCount: 2, failedCount: 0 }, deviceErrors: { count: 1, capped: false } });
    expect(job?.failedDevices?.map((d) => d.deviceId)).toEqual(["Door-3"]);
  });

  it("a job whose devices all answered 200 still exits 0", async () => {
    const io = captureIo();
    expect(await run(["lock-good", ...hubArgs], io)).toBe(0);
    expect(io.out()).toMatch(/^lock-good-2c3d4e5f\s+method\s+completed\s+2\s+2\s+0\s+0\s+0$/m);
    expect(io.out()).toContain("1 job: 1 succeeded, 0 failed; 0 failed devices");
  });

  it("--watch ends with the jammed door counted on the job's last line and in the summary; exit 1", async () => {
    await client.createJob("lock-watched-3d4e5f6a", lockJob("lock-watched-3d4e5f6a", "deviceId IN ['Door-2', 'Door-3']"));
    const io = captureIo({ tty: false });
    expect(await run(["lock-watched", "--watch", "--interval", "20ms", ...hubArgs], io)).toBe(1);
    const out = io.out();
    const last = out.split("\n").filter((l) => l.startsWith("lock-watched-3d4e5f6a  ")).at(-1);
    expect(last).toMatch(/completed\s+\[=+x+\]\s+2\/2\s+succeeded 1, failed 1 \(1 answered an error\), running 0, pending 0$/);
    expect(out).toContain("lock-watched-3d4e5f6a (method, completed): 1 of 2 devices failed (1 of them answered the method with an error status)");
    expect(out).toContain('    Door-3 (method returned 500: {"error":"lock jammed"})');
  });
});
