// One verdict, everywhere: the README's `lock-doors-building-43` on the dev fleet (31 devices in
// building 43: sensor-15 offline, Device-3's jammed lock answering 500) is applied by the provider
// as `pulumi up` applies it, then looked at with `hubjobs status`. Its manifest allows 10% of its
// devices to fail, so both pass it; a job no manifest describes is judged by "any failed device
// fails", and the output says which rule judged which job.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/commands/status.ts";
import { runStatus } from "../../src/cli/status/run-status.ts";
import { ManualClock } from "../../src/emulator/clock.ts";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import { createClient } from "../../src/iothub/index.ts";
import { lineageJobId } from "../../src/manifest/job-id.ts";
import { loadManifests, type CompiledJob } from "../../src/manifest/index.ts";
import * as impl from "../../src/provider/job-impl.ts";
import type { JobImplDeps } from "../../src/provider/job-impl.ts";
import type { JobOutputs } from "../../src/provider/job-types.ts";
import { captureIo } from "./status-fakes.ts";

const clock = new ManualClock("2026-11-26T00:00:00Z");
// The provider waits on the hub's clock: every poll moves it, so the 10 s connect timeout of the
// offline sensor passes without real waiting.
const onHubTime: JobImplDeps = { now: () => clock.now().getTime(), sleep: (ms) => clock.advance(ms), log: () => {} };

let hub: RunningHub;
let building43: CompiledJob;
let applied: JobOutputs;
let hubArgs: string[];
const emptyJobsDir = mkdtempSync(join(tmpdir(), "hubjobs-no-manifests-"));

interface JsonJob {
  jobId: string;
  outcome: string;
  statistics: { deviceCount: number };
  deviceErrors?: { count: number };
  rule: { text: string; maxFailedPercent: number; cancelledFails: boolean; from: string; manifest?: string };
}

beforeAll(async () => {
  hub = await startHub({ port: 0, tier: "S3", fleet: "fleets/dev.yaml", clock });
  hubArgs = ["--hub", hub.connectionString, "--endpoint", hub.url];
  const loaded = await loadManifests(["jobs/building-43.yaml"], { now: clock.now() });
  building43 = loaded.manifests.find((m) => m.job.name === "lock-doors-building-43")!.job;
  const { outs } = await impl.create(
    {
      name: building43.name,
      jobId: building43.jobId,
      kind: building43.kind,
      request: building43.request,
      labels: building43.labels,
      completion: building43.completion,
      hub: { hostName: hub.hostName, endpoint: hub.url, auth: "sas", connectionString: hub.connectionString },
    },
    onHubTime,
  );
  applied = outs;
});
afterAll(async () => {
  await hub?.close();
  rmSync(emptyJobsDir, { recursive: true, force: true });
});

async function statusJson(args: string[]): Promise<{ code: number; job: JsonJob }> {
  const io = captureIo();
  const code = await run([building43.jobId, "--json", ...hubArgs, ...args], io);
  const doc = JSON.parse(io.out()) as { ok: boolean; jobs: JsonJob[] };
  expect(doc.ok).toBe(code === 0);
  return { code, job: doc.jobs[0]! };
}

describe("one verdict for `pulumi up` and `hubjobs status`", () => {
  it("the provider passes lock-doors-building-43: 2 of 31 devices failed, 10% allowed", () => {
    expect(applied.status).toBe("completed");
    expect(applied.deviceJobStatistics).toMatchObject({ deviceCount: 31, failedCount: 1, succeededCount: 30 });
    expect(applied.deviceErrorCount).toBe(1);
    expect(applied.outcome).toMatchObject({ ok: true });
  });

  it("status judges it by its manifest's rule and passes it too, naming the rule and its manifest", async () => {
    const { code, job } = await statusJson(["--jobs", "jobs/building-43.yaml"]);
    expect(code).toBe(0);
    expect(job).toMatchObject({ outcome: "succeeded", statistics: { deviceCount: 31 }, deviceErrors: { count: 1 } });
    expect(job.rule).toEqual({
      text: "fail if more than 10% of devices fail, or if cancelled",
      maxFailedPercent: 10,
      cancelledFails: true,
      from: "jobs/building-43.yaml",
      manifest: "lock-doors-building-43",
    });
  });

  it("text: the rule line, and the failed devices of a job within its rule", async () => {
    const io = captureIo();
    expect(await run([building43.jobId, ...hubArgs, "--jobs", "jobs"], io)).toBe(0);
    const out = io.out();
    expect(out).toContain(`rule for ${building43.jobId}: fail if more than 10% of devices fail, or if cancelled (manifest lock-doors-building-43, jobs/building-43.yaml)`);
    expect(out).toContain(`${building43.jobId} (method, completed): 2 of 31 devices failed (1 of them answered the method with an error status) (within its rule:`);
    expect(out).toContain('    Device-3 (method returned 500: {"error":"lock jammed"})');
    expect(out.trimEnd().split("\n").at(-1)).toBe("1 job: 1 succeeded, 0 failed; 2 failed devices");
  });

  it("the stack's outputs give the rule `pulumi up` applied (--hub <stack>)", async () => {
    const outputs = {
      hubConnectionString: hub.connectionString,
      hubEndpoint: hub.url,
      jobs: { "lock-doors-building-43": { jobId: building43.jobId, completion: building43.completion } },
    };
    const withStack = captureIo();
    // No manifest on disk: the rule can only come from the stack.
    expect(await runStatus([building43.jobId, "--json", "--hub", "dev", "--jobs", emptyJobsDir], withStack, { readStackOutputs: async () => outputs })).toBe(0);
    const job = (JSON.parse(withStack.out()) as { jobs: JsonJob[] }).jobs[0]!;
    expect(job.rule).toMatchObject({ maxFailedPercent: 10, from: "stack dev", manifest: "lock-doors-building-43" });
  });

  it("with no manifest for the job: any failed device fails it, and status exits 1 saying so", async () => {
    const { code, job } = await statusJson(["--jobs", emptyJobsDir]);
    expect(code).toBe(1);
    expect(job).toMatchObject({ outcome: "failed", rule: { text: "fail if any device fails", maxFailedPercent: 0, cancelledFails: false, from: "no manifest" } });
    const io = captureIo();
    await run([building43.jobId, ...hubArgs, "--jobs", emptyJobsDir], io);
    expect(io.out()).toContain(`rule for ${building43.jobId}: fail if any device fails (no manifest)`);
  });

  it("a job of the manifest under a later revision's id is judged by it too; one doing other work is not", async () => {
    // Job ids chain across revisions (src/manifest/job-id.ts): the id alone cannot say whose job it is.
    const later = lineageJobId(building43.name, building43.request, building43.jobId);
    const earlier = "lock-doors-building-43-0000abcd";
    const client = await createClient({ connectionString: hub.connectionString, endpoint: hub.url });
    await client.createJob(later, { ...building43.request, jobId: later });
    const other = building43.request.cloudToDeviceMethod!;
    await client.createJob(earlier, { ...building43.request, jobId: earlier, cloudToDeviceMethod: { ...other, payload: { reason: "fire drill" } } });
    const io = captureIo();
    await run(["lock-doors-building-43", "--json", ...hubArgs, "--jobs", "jobs"], io);
    const rules = Object.fromEntries((JSON.parse(io.out()) as { jobs: JsonJob[] }).jobs.map((j) => [j.jobId, j.rule.from]));
    expect(rules).toEqual({ [building43.jobId]: "jobs/building-43.yaml", [later]: "jobs/building-43.yaml", [earlier]: "no manifest" });
  });

  it("refuses a --jobs path that does not exist", async () => {
    const io = captureIo();
    expect(await run([building43.jobId, ...hubArgs, "--jobs", join(emptyJobsDir, "missing")], io)).toBe(2);
    expect(io.err()).toContain("E_USAGE: --jobs");
  });
});
