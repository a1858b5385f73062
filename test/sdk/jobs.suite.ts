// Jobs through the SDK's JobClient: the two reference jobs of the IoT Hub jobs guide, getJob
// polling, a job over an offline device, cancelJob, createQuery over jobs, and the service's 400,
// 409 and 429 refusals. On an S1 hub only one job may be active at a time, so every test leaves
// no job running.
import { describe, expect, it } from "vitest";
import { waitForJobEnd } from "./job-polling.ts";
import { nextName } from "./names.ts";
import { allPages } from "./query-pages.ts";
import { errors, JobClient, Registry } from "./sdk.ts";
import type { SdkTarget } from "./sdk-target.ts";
import { rejectionOf, serviceErrorOf } from "./service-error.ts";

const HOUR_MS = 3_600_000;

export function jobsSuite(target: () => SdkTarget): void {
  const jobs = () => JobClient.fromConnectionString(target().connectionString);
  const registry = () => Registry.fromConnectionString(target().connectionString);
  const newJobId = () => nextName(target().runPrefix, "job");
  const poll = (jobId: string) => waitForJobEnd(jobs(), jobId, { intervalMs: target().pollIntervalMs });
  const newDevice = async () => {
    const deviceId = nextName(target().runPrefix, "jobdevice");
    await registry().create({ deviceId });
    target().createdDeviceIds.push(deviceId);
    return deviceId;
  };
  const twinJob = (jobId: string, deviceId: string, tags: Record<string, string>, start = new Date()) =>
    jobs().scheduleTwinUpdate(jobId, `deviceId IN ['${deviceId}']`, { etag: "*", tags }, start, 120);

  describe("JobClient: the reference jobs", () => {
    it("runs the LockDoor method job on Device-1 until completed", async (ctx) => {
      const call = target().onlineMethod;
      if (!call) return ctx.skip("no online device configured (HUBJOBS_SDK_ONLINE_DEVICE)");
      const jobId = newJobId();
      // connectTimeoutInSeconds is part of the reference job, but the Node SDK does not forward it
      // (its request body carries methodName, payload and responseTimeoutInSeconds only).
      const { jobStatus } = await jobs().scheduleDeviceMethod(
        jobId,
        `DeviceId IN ['${call.deviceId}']`,
        { methodName: call.methodName, payload: {}, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 5 },
        new Date(),
        120,
      );
      expect(jobStatus.jobId).toBe(jobId);
      expect(jobStatus.type).toBe("scheduleDeviceMethod");
      expect(jobStatus.cloudToDeviceMethod).toMatchObject({ methodName: call.methodName, responseTimeoutInSeconds: 5 });
      expect(jobStatus.maxExecutionTimeInSeconds).toBe(120);

      const done = await poll(jobId);
      expect(done.status).toBe("completed");
      expect(done.deviceJobStatistics).toMatchObject({ deviceCount: 1, succeededCount: 1, failedCount: 0, runningCount: 0, pendingCount: 0 });
      expect(Date.parse(done.endTime)).toBeGreaterThanOrEqual(Date.parse(done.startTime));

      // The per-device record, read with the Registry's query as the samples do.
      const { result: rows } = await registry().createQuery(`SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '${jobId}'`).next();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ deviceId: call.deviceId, jobId, jobType: "scheduleDeviceMethod", status: "completed" });
      if (call.expected) expect(rows[0].outcome.deviceMethodResponse).toEqual(call.expected);
    });

    it("completes a method job whose only device is offline, counting that device as failed", async () => {
      const deviceId = target().offlineDeviceId;
      const jobId = newJobId();
      await jobs().scheduleDeviceMethod(jobId, `deviceId IN ['${deviceId}']`, { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 5 }, new Date(), 120);
      const done = await poll(jobId);
      // `completed` says nothing about devices: the device failed, the job completed.
      expect(done.status).toBe("completed");
      expect(done.deviceJobStatistics).toMatchObject({ deviceCount: 1, failedCount: 1, succeededCount: 0, runningCount: 0, pendingCount: 0 });
      const { result: rows } = await registry().createQuery(`SELECT * FROM devices.jobs WHERE devices.jobs.jobId = '${jobId}'`).next();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ deviceId, jobId, status: "failed" });
    });

    it("runs the Building 43 twin update job until completed and the twin shows it", async () => {
      const deviceId = target().onlineMethod?.deviceId ?? (await newDevice());
      const jobId = newJobId();
      const locationUpdate = new Date().toISOString();
      const { jobStatus } = await jobs().scheduleTwinUpdate(
        jobId,
        `DeviceId IN ['${deviceId}']`,
        { etag: "*", tags: { Building: "43", Floor: "3" }, properties: { desired: { LocationUpdate: locationUpdate } } },
        new Date(),
        120,
      );
      expect(jobStatus).toMatchObject({ jobId, type: "scheduleUpdateTwin", maxExecutionTimeInSeconds: 120 });

      const done = await poll(jobId);
      expect(done.status).toBe("completed");
      expect(done.deviceJobStatistics).toMatchObject({ deviceCount: 1, succeededCount: 1, failedCount: 0 });
      const { responseBody: twin } = await registry().getTwin(deviceId);
      expect(twin.tags).toMatchObject({ Building: "43", Floor: "3" });
      expect(twin.properties.desired.LocationUpdate).toBe(locationUpdate);
    });
  });

  describe("JobClient: managing jobs", () => {
    it("cancels a scheduled job", async () => {
      const deviceId = await newDevice();
      const jobId = newJobId();
      const { jobStatus } = await twinJob(jobId, deviceId, { cancelled: "no" }, new Date(Date.now() + HOUR_MS));
      expect(["queued", "enqueued", "scheduled"]).toContain(jobStatus.status);

      const cancelled = await jobs().cancelJob(jobId);
      expect(cancelled.jobStatus).toMatchObject({ jobId, status: "cancelled" });
      expect((await jobs().getJob(jobId)).jobStatus.status).toBe("cancelled");
      // Nothing ran on the device.
      expect((await registry().getTwin(deviceId)).responseBody.tags).not.toHaveProperty("cancelled");
    });

    it("lists jobs with type and status filters, page by page", async () => {
      const deviceId = await newDevice();
      const ids = [newJobId(), newJobId(), newJobId()];
      for (const [i, jobId] of ids.entries()) {
        await twinJob(jobId, deviceId, { round: String(i) });
        expect((await poll(jobId)).status).toBe("completed");
      }
      // The SDK's JobStatus type says 'finished'; the service's value (and what it filters on) is 'completed'.
      const completed = "completed" as unknown as Parameters<JobClient["createQuery"]>[1];
      const pages = await allPages(jobs().createQuery("scheduleUpdateTwin", completed, 2));
      expect(pages.length).toBeGreaterThanOrEqual(2);
      for (const page of pages) expect(page.length).toBeLessThanOrEqual(2);
      const listed = pages.flat();
      expect(listed.map((j) => j.jobId)).toEqual(expect.arrayContaining(ids));
      for (const job of listed) expect(job).toMatchObject({ type: "scheduleUpdateTwin", status: "completed" });

      const methodJobs = jobs().createQuery("scheduleDeviceMethod");
      const { result: methods } = await methodJobs.next();
      for (const job of methods) expect(job.type).toBe("scheduleDeviceMethod");
      expect(methods.map((j: any) => j.jobId)).not.toContain(ids[0]);
    });

    it("refuses a reused job id with 409 JobAlreadyExists", async () => {
      const deviceId = await newDevice();
      const jobId = newJobId();
      await twinJob(jobId, deviceId, { first: "yes" });
      await poll(jobId);
      const err = await rejectionOf(() => twinJob(jobId, deviceId, { second: "yes" }));
      // The SDK maps every 409 to DeviceAlreadyExistsError; the body names the job conflict.
      expect(err).toBeInstanceOf(errors.DeviceAlreadyExistsError);
      expect(serviceErrorOf(err)).toMatchObject({ status: 409, codeName: "JobAlreadyExists" });
    });

    it("refuses invalid job requests with ArgumentError (400) and creates nothing", async () => {
      const deviceId = await newDevice();
      const refusals = [
        // queryCondition is a WHERE clause only; a whole SELECT is refused.
        ["whole SELECT", () => jobs().scheduleTwinUpdate(newJobId(), `SELECT * FROM devices WHERE deviceId = '${deviceId}'`, { etag: "*", tags: { a: "b" } }, new Date(), 120)],
        // startTime at most 168 hours ahead.
        ["start in 8 days", () => twinJob(newJobId(), deviceId, { a: "b" }, new Date(Date.now() + 8 * 24 * HOUR_MS))],
        // responseTimeoutInSeconds 5..300.
        ["response timeout 301 s", () => jobs().scheduleDeviceMethod(newJobId(), `deviceId IN ['${deviceId}']`, { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 301 }, new Date(), 120)],
      ] as const;
      for (const [what, call] of refusals) {
        const err = await rejectionOf(call);
        expect(err, what).toBeInstanceOf(errors.ArgumentError);
        expect(serviceErrorOf(err).status, what).toBe(400);
      }
      // None of them took the hub's job slot: a valid job runs right after.
      const jobId = newJobId();
      await twinJob(jobId, deviceId, { a: "b" });
      expect((await poll(jobId)).status).toBe("completed");
    });

    it("refuses a second active job on a one-job hub with 429 ThrottlingMaxActiveJobCountExceeded", async (ctx) => {
      if (target().maxActiveJobs !== 1) return ctx.skip("the hub's tier allows more than one active job (set HUBJOBS_SDK_MAX_ACTIVE_JOBS=1 for F1/S1)");
      const deviceId = await newDevice();
      const holder = newJobId();
      // A scheduled job holds the hub's only slot until it ends.
      await twinJob(holder, deviceId, { holder: "yes" }, new Date(Date.now() + HOUR_MS));
      try {
        const err = await rejectionOf(() => twinJob(newJobId(), deviceId, { second: "yes" }));
        expect(err).toBeInstanceOf(errors.ThrottlingError);
        expect(serviceErrorOf(err)).toMatchObject({ status: 429, codeName: "ThrottlingMaxActiveJobCountExceeded" });
      } finally {
        await jobs().cancelJob(holder);
      }
    });
  });
}
