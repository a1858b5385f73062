// The jobs v2 routes, as rows for the emulator's route table. Handlers stay thin: parse, call the
// engine, shape the answer. The literal `/jobs/v2/query` comes before `/jobs/v2/{id}` so a router
// that tries routes in order never reads "query" as a job id.
import type { RouteDefinition } from "../http/types.ts";
import type { JobEngineCore } from "./job-engine.ts";
import { parseJobListParams } from "./job-list-params.ts";
import { toJobResponse, UNKNOWN_JOB_RESPONSE } from "./job-response.ts";

export function jobRoutes(engine: JobEngineCore): RouteDefinition[] {
  return [
    {
      method: "GET",
      pattern: "/jobs/v2/query",
      operation: "jobs.query",
      permission: "RegistryRead",
      handle(ctx) {
        const page = engine.listJobs(ctx.hubName, parseJobListParams(ctx.query, ctx.headers));
        // A bare array, as the clients read it; the continuation header only when more pages exist.
        const headers: Record<string, string> = {};
        if (page.continuation !== undefined) headers["x-ms-continuation"] = page.continuation;
        return { status: 200, body: page.jobs.map(toJobResponse), headers };
      },
    },
    {
      method: "PUT",
      pattern: "/jobs/v2/{id}",
      operation: "jobs.create",
      permission: "RegistryWrite",
      handle(ctx) {
        const job = engine.createJob(ctx.hubName, requireId(ctx.params), ctx.body);
        return { status: 200, body: toJobResponse(job) };
      },
    },
    {
      method: "GET",
      pattern: "/jobs/v2/{id}",
      operation: "jobs.get",
      permission: "RegistryRead",
      handle(ctx) {
        const job = engine.getJob(ctx.hubName, requireId(ctx.params));
        return { status: 200, body: job ? toJobResponse(job) : { ...UNKNOWN_JOB_RESPONSE } };
      },
    },
    {
      method: "POST",
      pattern: "/jobs/v2/{id}/cancel",
      operation: "jobs.cancel",
      permission: "RegistryWrite",
      handle(ctx) {
        const job = engine.cancelJob(ctx.hubName, requireId(ctx.params));
        return { status: 200, body: toJobResponse(job) };
      },
    },
  ];
}

function requireId(params: Record<string, string>): string {
  return params.id ?? "";
}
