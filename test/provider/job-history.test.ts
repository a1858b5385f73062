// A replacement never overlaps the job it replaces, and a lost state adopts what ran: provider
// methods called directly against the embedded hub, with a slow device so jobs stay running.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/iothub/create-client.ts";
import type { IotHubClient } from "../../src/iothub/client.ts";
import type { JobRequest } from "../../src/iothub/types.ts";
import { jobIdFor, lineageJobId } from "../../src/manifest/job-id.ts";
import * as impl from "../../src/provider/job-impl.ts";
import type { JobImplDeps } from "../../src/provider/job-impl.ts";
import { PredecessorStillRunningError } from "../../src/provider/job-history.ts";
import type { JobInputs } from "../../src/provider/job-types.ts";
import { startEmulator, type TestHub } from "./embedded-hub.ts";
import { jobInputs, methodRequest } from "./fixtures.ts";

const SLOW_MS = 1500;
const fleet = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: [
    { deviceId: "Device-1", connected: true, methods: { LockDoor: { status: 200 } } },
    { deviceId: "Slow-1", connected: true, methods: { LockDoor: { status: 200, latencyMs: SLOW_MS } } },
  ],
};

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => { emulator = await startEmulator(); });
afterAll(async () => { await emulator.close(); });

const logs: string[] = [];
const fast: JobImplDeps = { pollIntervalMs: 20, maxPollIntervalMs: 100, retry: { initialDelayMs: 20, maxDelayMs: 200 }, log: (l) => logs.push(l) };

const clientOf = (hub: TestHub): Promise<IotHubClient> => createClient(hub.access, { retry: { initialDelayMs: 20, maxDelayMs: 100 } });

/** Inputs as the program and check give them: ids of the `<name>-<8 hex>` shape. */
function slowJob(hub: TestHub, name: string, reason: string, overrides: Partial<JobInputs> = {}): JobInputs {
  const request: JobRequest = methodRequest("x", { queryCondition: "deviceId IN ['Slow-1']", cloudToDeviceMethod: { methodName: "LockDoor", payload: { reason }, responseTimeoutInSeconds: 30, connectTimeoutInSeconds: 0 } });
  const jobId = overrides.jobId ?? jobIdFor(name, request);
  return jobInputs(name, jobId, hub.access, { completion: { wait: false, timeoutSeconds: 60, maxFailedPercent: 0 }, ...overrides, request: { ...request, jobId } });
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
}

describe("a replacement and the job it supersedes", () => {
  it("cancels a predecessor that is scheduled for later, then submits", async () => {
    const hub = await emulator.newHub({ fleet });
    const first = slowJob(hub, "later", "A");
    first.request.startTime = new Date(Date.now() + 3_600_000).toISOString();
    await impl.create(first, fast);
    const next = slowJob(hub, "later", "B", { supersedes: first.jobId, priorJobId: first.jobId, jobId: lineageJobId("later", first.request, first.jobId) });
    await impl.create(next, fast);
    const client = await clientOf(hub);
    expect((await client.getJob(first.jobId))?.status).toBe("cancelled");
    expect((await client.getJob(next.jobId))?.status).toBeDefined();
  });

  it("waits for a running predecessor to end before submitting, and says so", async () => {
    const hub = await emulator.newHub({ fleet });
    const client = await clientOf(hub);
    const first = slowJob(hub, "slow", "A");
    await impl.create(first, fast);
    await until(async () => (await client.getJob(first.jobId))?.status === "running");
    const next = slowJob(hub, "slow", "B", { supersedes: first.jobId, priorJobId: first.jobId, jobId: lineageJobId("slow", first.request, first.jobId) });
    logs.length = 0;
    await impl.create(next, fast);
    const [old, replacement] = [await client.getJob(first.jobId), await client.getJob(next.jobId)];
    expect(old?.status).toBe("completed");
    expect(Date.parse(replacement!.createdTime!)).toBeGreaterThanOrEqual(Date.parse(old!.endTime!));
    expect(logs.some((l) => l.includes(`starts after ${first.jobId} (running, 0/1 devices done) ends`))).toBe(true);
  });

  it("submits nothing when the predecessor is still running at the new job's completion timeout, naming it and its counts", async () => {
    const hub = await emulator.newHub({ fleet });
    const client = await clientOf(hub);
    const first = slowJob(hub, "stuck", "A");
    await impl.create(first, fast);
    await until(async () => (await client.getJob(first.jobId))?.status === "running");
    const next = slowJob(hub, "stuck", "B", { supersedes: first.jobId, priorJobId: first.jobId, jobId: lineageJobId("stuck", first.request, first.jobId), completion: { wait: false, timeoutSeconds: 0.2, maxFailedPercent: 0 } });
    const error = await impl.create(next, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PredecessorStillRunningError);
    expect((error as Error).message).toContain(`${first.jobId} (running, 0/1 devices done) is still running`);
    expect((error as Error).message).toContain(`${next.jobId} was not submitted`);
    expect(await client.getJob(next.jobId)).toBeUndefined();
  });
});

describe("a job new to state (lost state, or a manifest added back)", () => {
  it("adopts the newest job of its name when it does the same work, even under a chained id", async () => {
    const hub = await emulator.newHub({ fleet });
    const a = slowJob(hub, "lost", "A", { completion: { wait: true, timeoutSeconds: 30, maxFailedPercent: 0 } });
    const chained = lineageJobId("lost", a.request, "lost-00000000");
    await impl.create({ ...a, jobId: chained, request: { ...a.request, jobId: chained } }, fast);
    const { id, outs } = await impl.create(a, fast);
    expect(id).toBe(chained);
    expect(outs).toMatchObject({ jobId: chained, adopted: true });
    expect((await (await clientOf(hub)).listJobs()).map((j) => j.jobId)).toEqual([chained]);
  });

  it("runs again when the newest job of its name did other work after this content's first id ran", async () => {
    const hub = await emulator.newHub({ fleet });
    const done = { completion: { wait: true, timeoutSeconds: 30, maxFailedPercent: 0 } };
    const a = slowJob(hub, "back", "A", done);
    await impl.create(a, fast);
    const b = slowJob(hub, "back", "B", done);
    const bId = lineageJobId("back", b.request, a.jobId);
    await impl.create({ ...b, jobId: bId, request: { ...b.request, jobId: bId } }, fast);
    // State lost; the manifest says A again, which the devices no longer have.
    const { id, outs } = await impl.create(a, fast);
    expect(id).toBe(lineageJobId("back", a.request, bId));
    expect(outs.adopted).toBe(false);
  });

  it("a re-added manifest never adopts: it runs again, after its retired job", async () => {
    const hub = await emulator.newHub({ fleet });
    const done = { completion: { wait: true, timeoutSeconds: 30, maxFailedPercent: 0 } };
    const a = slowJob(hub, "readd", "A", done);
    await impl.create(a, fast);
    const again = slowJob(hub, "readd", "A", { ...done, retiredJobId: a.jobId, supersedes: a.jobId, jobId: lineageJobId("readd", a.request, `${a.jobId} removed`) });
    const { outs } = await impl.create(again, fast);
    expect(outs).toMatchObject({ adopted: false, status: "completed" });
    expect(await (await clientOf(hub)).listJobs()).toHaveLength(2);
  });
});

describe("the hub's job list", () => {
  it("is read once per provider process and hub, and sees the jobs the process submits", async () => {
    const hub = await emulator.newHub({ fleet });
    let listings = 0;
    const counting: JobImplDeps = {
      ...fast,
      client: async (access, retry) => {
        const client = await createClient(access, { retry });
        const list = client.listJobs.bind(client);
        client.listJobs = (...args) => ((listings += 1), list(...args));
        return client;
      },
    };
    const done = { completion: { wait: true, timeoutSeconds: 30, maxFailedPercent: 0 } };
    for (const name of ["once-a", "once-b", "once-c"]) await impl.create(slowJob(hub, name, "A", done), counting);
    expect(listings).toBe(1);
    // Submitted in this process, so still known: the same content under another id is adopted, not run again.
    const a = slowJob(hub, "once-a", "A", done);
    const chained = lineageJobId("once-a", a.request, "once-a-00000000");
    const { outs } = await impl.create({ ...slowJob(hub, "once-a", "B", done), jobId: chained, request: { ...slowJob(hub, "once-a", "B", done).request, jobId: chained } }, counting);
    expect(outs.adopted).toBe(false);
    const again = await impl.create(a, counting);
    expect(again.outs.adopted).toBe(false);
    expect(again.id).toBe(lineageJobId("once-a", a.request, chained));
    expect(listings).toBe(1);
  });
});

describe("removal of a running job", () => {
  it("says the job keeps running to its end, and leaves it running", async () => {
    const hub = await emulator.newHub({ fleet });
    const client = await clientOf(hub);
    const job = slowJob(hub, "gone", "A");
    const { outs } = await impl.create(job, fast);
    await until(async () => (await client.getJob(job.jobId))?.status === "running");
    logs.length = 0;
    await impl.remove(job.jobId, outs, fast);
    expect(logs.join("\n")).toContain("cannot be cancelled while it runs; it keeps running to its end");
    expect((await client.getJob(job.jobId))?.status).toBe("running");
  });
});
