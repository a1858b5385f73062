// `hubjobs status` end to end against the embedded hub, through the command's own `run` (what the
// dispatcher calls): a fleet where some devices are offline, so a method job on all of them
// completes with failed devices, and one on the online ones succeeds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/commands/status.ts";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import type { FleetDocument } from "../../src/emulator/fleet/fleet-document.ts";
import { createClient, type IotHubClient, type JobRequest } from "../../src/iothub/index.ts";
import { waitUntilFinished } from "../iothub/wait-for-job.ts";
import { captureIo } from "./status-fakes.ts";

// Devices answer Reboot after a short latency, so a job is seen running before it ends.
const reboot = { Reboot: { status: 200, latencyMs: 150 } };
const fleet: FleetDocument = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: [
    { deviceId: "gw-1", connected: true, tags: { site: "north" }, methods: reboot },
    { deviceId: "gw-2", connected: true, tags: { site: "north" }, methods: reboot },
    { deviceId: "gw-3", connected: false, tags: { site: "south" }, methods: reboot },
    { deviceId: "gw-4", connected: false, tags: { site: "south" }, methods: reboot },
    { deviceId: "gw-5", connected: true, tags: { site: "south" }, methods: reboot },
  ],
};

const rebootJob = (jobId: string, queryCondition: string): JobRequest => ({
  jobId,
  type: "scheduleDeviceMethod",
  queryCondition,
  cloudToDeviceMethod: { methodName: "Reboot", payload: {}, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 0 },
  maxExecutionTimeInSeconds: 60,
});

let hub: RunningHub;
let client: IotHubClient;
let hubArgs: string[];

beforeAll(async () => {
  hub = await startHub({ port: 0, tier: "S3", fleet });
  client = await createClient({ connectionString: hub.connectionString, endpoint: hub.url });
  hubArgs = ["--hub", hub.connectionString, "--endpoint", hub.url];
});
afterAll(async () => {
  await hub?.close();
});

describe("hubjobs status on the embedded hub", () => {
  it("--watch follows a job with failing devices to its end, then lists them; exit 1", async () => {
    await client.createJob("reboot-all-0a1b2c3d", rebootJob("reboot-all-0a1b2c3d", "*"));
    const io = captureIo({ tty: false });
    const code = await run(["reboot-all", "--watch", "--interval", "20ms", ...hubArgs], io);
    const out = io.out();
    expect(code).toBe(1);
    expect(out).not.toContain("\x1b");
    const progress = out.split("\n").filter((l) => l.startsWith("reboot-all-0a1b2c3d  "));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)).toMatch(/completed\s+\[=+x+\]\s+5\/5\s+succeeded 3, failed 2, running 0, pending 0$/);
    expect(out).toContain("reboot-all-0a1b2c3d (method, completed): 2 of 5 devices failed");
    expect(out).toMatch(/^ {4}gw-3: DeviceNotOnline/m);
    expect(out).toMatch(/^ {4}gw-4: DeviceNotOnline/m);
    expect(out.trimEnd().split("\n").at(-1)).toBe("1 job: 0 succeeded, 1 failed; 2 failed devices");
  });

  it("exits 0 for a job whose devices all succeeded, with its row in the table", async () => {
    await client.createJob("reboot-north-1a2b3c4d", rebootJob("reboot-north-1a2b3c4d", "tags.site = 'north'"));
    await waitUntilFinished(client, "reboot-north-1a2b3c4d");
    const io = captureIo();
    expect(await run(["reboot-north", ...hubArgs], io)).toBe(0);
    expect(io.out()).toMatch(/^reboot-north-1a2b3c4d\s+method\s+completed\s+2\s+2\s+0\s+0\s+0$/m);
    expect(io.out()).toContain("1 job: 1 succeeded, 0 failed; 0 failed devices");
  });

  it("without a job named, reports every job on the hub and exits 1 because one had failures", async () => {
    const io = captureIo();
    expect(await run(["--json", ...hubArgs], io)).toBe(1);
    const doc = JSON.parse(io.out()) as { ok: boolean; jobs: Array<{ jobId: string; outcome: string; failedDevices?: Array<{ deviceId: string; error: string }> }> };
    expect(doc.ok).toBe(false);
    const byId = Object.fromEntries(doc.jobs.map((j) => [j.jobId, j]));
    expect(byId["reboot-all-0a1b2c3d"]?.outcome).toBe("failed");
    expect(byId["reboot-all-0a1b2c3d"]?.failedDevices?.map((d) => [d.deviceId, d.error]).sort()).toEqual([
      ["gw-3", "DeviceNotOnline"],
      ["gw-4", "DeviceNotOnline"],
    ]);
    expect(byId["reboot-north-1a2b3c4d"]?.outcome).toBe("succeeded");
  });

  it("finds the dev emulator's hub through its admin API when no hub is given", async () => {
    const io = captureIo({ env: { HUBJOBS_EMULATOR_URL: hub.url, HUBJOBS_ADMIN_KEY: hub.adminKey } });
    expect(await run(["reboot-north"], io)).toBe(0);
    expect(io.out()).toContain("reboot-north-1a2b3c4d");
  });

  it("exits 2 with a clear error when the hub refuses the credentials", async () => {
    const wrongKey = hub.connectionString.replace(/SharedAccessKey=[^;]+/, `SharedAccessKey=${Buffer.from("wrong-key-made-in-test").toString("base64")}`);
    const io = captureIo();
    expect(await run(["--hub", wrongKey, "--endpoint", hub.url], io)).toBe(2);
    expect(io.err()).toMatch(/E_HUB_UNREACHABLE: the hub at http:\/\/\S+ answered 401/);
    expect(io.err()).not.toContain("wrong-key");
  });
});
