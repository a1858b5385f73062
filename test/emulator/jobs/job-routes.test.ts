import { describe, expect, it } from "vitest";
import { fixture, methodJobBody, twinJobBody } from "./engine-fixture.ts";

describe("PUT /jobs/v2/{id}", () => {
  it("answers 200 with the JobResponse, status queued, no start or end time yet", async () => {
    const f = fixture({ devices: 2 });
    const res = await f.call("PUT", "/jobs/v2/lock-1", methodJobBody("DeviceId IN ['Device-1']", { jobId: "lock-1" }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      jobId: "lock-1",
      type: "scheduleDeviceMethod",
      queryCondition: "DeviceId IN ['Device-1']",
      cloudToDeviceMethod: { methodName: "LockDoor", payload: { force: true }, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 5 },
      createdTime: "2026-03-01T00:00:00.000Z",
      maxExecutionTimeInSeconds: 120,
      status: "queued",
      deviceJobStatistics: { deviceCount: 0, failedCount: 0, succeededCount: 0, runningCount: 0, pendingCount: 0 },
    });
  });

  it("answers a future startTime with status scheduled and that startTime", async () => {
    const f = fixture();
    const res = await f.call("PUT", "/jobs/v2/later", twinJobBody("*", { startTime: "2026-03-02T10:00:00Z" }));
    expect(res.body).toMatchObject({ status: "scheduled", startTime: "2026-03-02T10:00:00.000Z" });
  });

  it("refuses a reused id with 409 JobAlreadyExists, even after the first job finished", async () => {
    const f = fixture({ devices: 1 });
    await f.call("PUT", "/jobs/v2/same", twinJobBody());
    await f.host.clock.advance(0);
    expect((await f.job("same")).status).toBe("completed");
    const again = await f.call("PUT", "/jobs/v2/same", twinJobBody());
    expect(again.status).toBe(409);
    expect(again.errorCode).toBe("JobAlreadyExists");
    expect((again.body as { Message: string }).Message).toMatch(/^ErrorCode:JobAlreadyExists;/);
  });

  it("refuses a body that is not valid with 400 and stores nothing", async () => {
    const f = fixture();
    const res = await f.call("PUT", "/jobs/v2/bad", methodJobBody("SELECT * FROM devices"));
    expect(res.status).toBe(400);
    expect(res.errorCode).toBe("ArgumentInvalid");
    expect(await f.job("bad")).toEqual({ type: "unknown", status: "unknown" });
  });

  it.each([
    ["F1", 1],
    ["S1", 1],
    ["S2", 5],
    ["S3", 10],
  ] as const)("tier %s allows %i active jobs, then answers 429 ThrottlingMaxActiveJobCountExceeded", async (tier, limit) => {
    const f = fixture({ tier, devices: 1 });
    // Scheduled jobs hold a slot as much as queued ones.
    for (let i = 0; i < limit; i++) {
      const res = await f.call("PUT", `/jobs/v2/j${i}`, twinJobBody("*", { startTime: "2026-03-03T00:00:00Z" }));
      expect(res.status).toBe(200);
    }
    const over = await f.call("PUT", "/jobs/v2/over", twinJobBody());
    expect(over.status).toBe(429);
    expect(over.errorCode).toBe("ThrottlingMaxActiveJobCountExceeded");
  });

  it("frees the slot when the active job finishes or is cancelled", async () => {
    const f = fixture({ tier: "S1", devices: 1 });
    await f.call("PUT", "/jobs/v2/a", twinJobBody());
    expect((await f.call("PUT", "/jobs/v2/b", twinJobBody())).status).toBe(429);
    await f.host.clock.advance(0);
    expect((await f.call("PUT", "/jobs/v2/b", twinJobBody("*", { startTime: "2026-03-02T00:00:00Z" }))).status).toBe(200);
    expect((await f.call("PUT", "/jobs/v2/c", twinJobBody())).status).toBe(429);
    expect((await f.call("POST", "/jobs/v2/b/cancel")).status).toBe(200);
    expect((await f.call("PUT", "/jobs/v2/c", twinJobBody())).status).toBe(200);
  });
});

describe("GET /jobs/v2/{id}", () => {
  it("answers an unknown id with 200 and the service's unknown job", async () => {
    const f = fixture();
    const res = await f.call("GET", "/jobs/v2/nope");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ type: "unknown", status: "unknown" });
  });

  it("forgets a job 30 days after it ended, and the id can be used again", async () => {
    const f = fixture({ devices: 1 });
    await f.call("PUT", "/jobs/v2/old", twinJobBody());
    await f.host.clock.advance(0);
    await f.host.clock.advance(30 * 24 * 3600 * 1000);
    expect((await f.job("old")).status).toBe("completed");
    await f.host.clock.advance(1);
    expect(await f.job("old")).toEqual({ type: "unknown", status: "unknown" });
    expect((await f.call("PUT", "/jobs/v2/old", twinJobBody())).status).toBe(200);
  });
});

describe("POST /jobs/v2/{id}/cancel", () => {
  it("cancels a scheduled job: status cancelled, endTime set, it never starts", async () => {
    const f = fixture({ devices: 2 });
    await f.call("PUT", "/jobs/v2/s", twinJobBody("*", { startTime: "2026-03-01T01:00:00Z" }));
    const res = await f.call("POST", "/jobs/v2/s/cancel");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jobId: "s", status: "cancelled", endTime: "2026-03-01T00:00:00.000Z" });
    await f.host.clock.advance(2 * 3600 * 1000);
    expect((await f.job("s")).status).toBe("cancelled");
    expect(f.host.patchCalls).toHaveLength(0);
  });

  it("cancels a queued job before it starts", async () => {
    const f = fixture({ devices: 1 });
    await f.call("PUT", "/jobs/v2/q", methodJobBody());
    expect((await f.call("POST", "/jobs/v2/q/cancel")).body).toMatchObject({ status: "cancelled" });
    await f.host.clock.advance(1000);
    expect(f.host.methodCalls).toHaveLength(0);
  });

  it("refuses a running job with 405 OperationNotAllowedInCurrentState", async () => {
    const f = fixture({ devices: 1 });
    f.host.devices.get("Device-1")!.method.latencyMs = 3000;
    await f.call("PUT", "/jobs/v2/r", methodJobBody());
    await f.host.clock.advance(0);
    expect((await f.job("r")).status).toBe("running");
    const res = await f.call("POST", "/jobs/v2/r/cancel");
    expect(res.status).toBe(405);
    expect(res.errorCode).toBe("OperationNotAllowedInCurrentState");
    expect(res.errorMessage).toContain("'Running'");
  });

  it.each(["completed", "cancelled"])("refuses a %s job the same way", async (final) => {
    const f = fixture({ devices: 1 });
    await f.call("PUT", "/jobs/v2/f", twinJobBody("*", { startTime: "2026-03-01T00:10:00Z" }));
    if (final === "cancelled") await f.call("POST", "/jobs/v2/f/cancel");
    else await f.host.clock.advance(600_000);
    expect((await f.job("f")).status).toBe(final);
    const res = await f.call("POST", "/jobs/v2/f/cancel");
    expect(res.status).toBe(405);
    expect(res.errorCode).toBe("OperationNotAllowedInCurrentState");
  });

  it("answers an unknown id with 404 JobNotFound", async () => {
    const res = await fixture().call("POST", "/jobs/v2/ghost/cancel");
    expect(res.status).toBe(404);
    expect(res.errorCode).toBe("JobNotFound");
  });
});

describe("GET /jobs/v2/query", () => {
  async function hubWithJobs() {
    const f = fixture({ devices: 1 });
    // 3 finished twin jobs, 2 finished method jobs, then 1 scheduled twin job.
    for (let i = 0; i < 5; i++) {
      await f.call("PUT", `/jobs/v2/job-${i}`, i < 3 ? twinJobBody() : methodJobBody());
      await f.host.clock.advance(1000);
    }
    await f.call("PUT", "/jobs/v2/job-5", twinJobBody("*", { startTime: "2026-03-02T00:00:00Z" }));
    return f;
  }

  it("answers a bare array of JobResponses in creation order, without a continuation on the only page", async () => {
    const f = await hubWithJobs();
    const res = await f.call("GET", "/jobs/v2/query");
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect((res.body as { jobId: string }[]).map((j) => j.jobId)).toEqual(["job-0", "job-1", "job-2", "job-3", "job-4", "job-5"]);
    expect(res.headers).not.toHaveProperty("x-ms-continuation");
  });

  it("filters by jobType and jobStatus", async () => {
    const f = await hubWithJobs();
    const ids = async (q: string) => ((await f.call("GET", `/jobs/v2/query?${q}`)).body as { jobId: string }[]).map((j) => j.jobId);
    expect(await ids("jobType=scheduleDeviceMethod")).toEqual(["job-3", "job-4"]);
    expect(await ids("jobType=scheduleUpdateTwin&jobStatus=completed")).toEqual(["job-0", "job-1", "job-2"]);
    expect(await ids("jobStatus=scheduled")).toEqual(["job-5"]);
    expect(await ids("jobStatus=running")).toEqual([]);
    expect(await ids("jobType=export")).toEqual([]);
  });

  it("pages with x-ms-max-item-count and x-ms-continuation; the header is absent on the last page", async () => {
    const f = await hubWithJobs();
    const seen: string[] = [];
    const pages: number[] = [];
    let continuation: string | undefined;
    do {
      const headers: Record<string, string> = { "x-ms-max-item-count": "4" };
      if (continuation) headers["x-ms-continuation"] = continuation;
      const res = await f.call("GET", "/jobs/v2/query", undefined, headers);
      const page = res.body as { jobId: string }[];
      pages.push(page.length);
      seen.push(...page.map((j) => j.jobId));
      continuation = res.headers["x-ms-continuation"];
    } while (continuation !== undefined);
    expect(pages).toEqual([4, 2]);
    expect(seen).toEqual(["job-0", "job-1", "job-2", "job-3", "job-4", "job-5"]);
  });

  it("ends exactly at a page boundary without an empty extra page", async () => {
    const f = await hubWithJobs();
    const first = await f.call("GET", "/jobs/v2/query", undefined, { "x-ms-max-item-count": "3" });
    const second = await f.call("GET", "/jobs/v2/query", undefined, { "x-ms-max-item-count": "3", "x-ms-continuation": first.headers["x-ms-continuation"]! });
    expect((second.body as unknown[]).length).toBe(3);
    expect(second.headers).not.toHaveProperty("x-ms-continuation");
  });

  it.each([
    ["jobType=bogus", {}],
    ["jobStatus=done", {}],
    ["", { "x-ms-max-item-count": "0" }],
    ["", { "x-ms-continuation": "not-a-token" }],
  ])("refuses bad parameters (%s %j) with 400", async (q, headers) => {
    const res = await fixture().call("GET", `/jobs/v2/query?${q}`, undefined, headers);
    expect(res.status).toBe(400);
    expect(res.errorCode).toBe("ArgumentInvalid");
  });

  it("keeps hubs apart", async () => {
    const f = fixture({ devices: 1 });
    await f.call("PUT", "/jobs/v2/mine", twinJobBody());
    const { callRoute } = await import("./call-route.ts");
    const other = await callRoute(f.engine.routes, "GET", "/jobs/v2/query", { hubName: "hub2" });
    expect(other.body).toEqual([]);
  });
});
