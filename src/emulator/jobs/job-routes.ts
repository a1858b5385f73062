// The jobs v2 routes, as rows for the emulator's route table. Handlers stay thin: parse, call the
// engine, shape the answer. The literal `/jobs/v2/query` comes before `/jobs/v2/{id}` so a router
// that tries routes in order never reads "query" as a job id. Create, cancel and list count against
// the service's job operations quota ("create, update, list, delete"); reading one job does not.
import type { RouteDefinition } from "../http/types.ts";
import type { JobEngineCore } from "./job-engine.ts";
import { parseJobListParams } from "./job-list-params.ts";
import { toJobResponse, UNKNOWN_JOB_RESPONSE } from "./job-response.ts";

/** `x-ms-item-type` of `GET /jobs/v2/query` answers (QueryResult.type in the 2021-04-12 OpenAPI). */
export const JOB_LIST_ITEM_TYPE = "jobResponse";

export function jobRoutes(engine: JobEngineCore): RouteDefinition[] {
  return [
    {
      method: "GET",
      pattern: "/jobs/v2/query",
      operation: "jobs.query",
      permission: "RegistryRead",
      throttle: "jobOperations",
      handle(ctx) {
        const page = engine.listJobs(ctx.hubName, parseJobListParams(ctx.query, ctx.headers));
        // A bare array, as the clients read it; the continuation header only when more pages exist.
        // The item type is the QueryResult type `jobResponse`: the Java service client refuses a
        // job query answer without it ("Query response type is not defined by IotHub").
        const headers: Record<string, string> = { "x-ms-item-type": JOB_LIST_ITEM_TYPE };
        if (page.continuation !== undefined) headers["x-ms-continuation"] = page.continuation;
        return { status: 200, body: page.jobs.map(toJobResponse), headers };
      },
    },
    {
      method: "PUT",
      pattern: "/jobs/v2/{id}",
      operation: "jobs.create",
      permission: "RegistryWrite",
      throttle: "jobOperations",
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
      throttle: "jobOperations",
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
