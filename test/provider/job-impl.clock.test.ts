// Provider behaviour that depends on time, on an embedded hub driven by a manual clock: the
// completion timeout and refresh after the hub's 30-day job history has expired.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/emulator/clock.ts";
import * as impl from "../../src/provider/job-impl.ts";
import type { JobImplDeps } from "../../src/provider/job-impl.ts";
import { startEmulator } from "./embedded-hub.ts";
import { jobInputs, methodRequest } from "./fixtures.ts";

const clock = new ManualClock("2026-11-26T00:00:00Z");
let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => { emulator = await startEmulator({ clock }); });
afterAll(async () => { await emulator.close(); });

// The provider's own time is the hub's: every wait moves the manual clock.
const onHubTime: JobImplDeps = {
  now: () => clock.now().getTime(),
  sleep: (ms) => clock.advance(ms),
  pollIntervalMs: 1000,
  maxPollIntervalMs: 10_000,
  log: () => {},
};

const slowFleet = {
  apiVersion: "hubjobs/v1", kind: "Fleet",
  devices: [{ deviceId: "Device-1", connected: true, methods: { LockDoor: { status: 200, latencyMs: 120_000 } } }],
};

describe("on the hub's clock", () => {
  it("stops waiting at completion.timeout, records the running job and judges it timed out", async () => {
    const hub = await emulator.newHub({ fleet: slowFleet });
    const inputs = jobInputs("slow-lock", "slow-lock-0001", hub.access, {
      request: methodRequest("slow-lock-0001", { cloudToDeviceMethod: { methodName: "LockDoor", responseTimeoutInSeconds: 300 }, maxExecutionTimeInSeconds: 600 }),
      completion: { wait: true, timeoutSeconds: 30, maxFailedPercent: 0 },
    });
    const before = clock.now().getTime();
    const { outs } = await impl.create(inputs, onHubTime);
    expect(clock.now().getTime() - before).toBeGreaterThanOrEqual(30_000);
    expect(clock.now().getTime() - before).toBeLessThan(120_000);
    expect(outs.status).toBe("running");
    expect(outs.outcome).toMatchObject({ ok: false, problem: "timedOut" });
    expect(outs.outcome.message).toContain("within 30s");
  });

  it("refresh keeps a job the hub has forgotten exactly as recorded", async () => {
    const hub = await emulator.newHub();
    const { outs } = await impl.create(jobInputs("old-lock", "old-lock-0001", hub.access), onHubTime);
    expect(outs.status).toBe("completed");
    const fresh = await impl.read(outs.jobId, outs, onHubTime);
    expect(fresh.props).toEqual(outs);
    await clock.advance(31 * 24 * 3600 * 1000);
    const afterExpiry = await impl.read(outs.jobId, outs, onHubTime);
    expect(afterExpiry.id).toBe(outs.jobId);
    expect(afterExpiry.props).toEqual(outs);
    // And deleting it only forgets it.
    await impl.remove(outs.jobId, outs, onHubTime);
  });
});
