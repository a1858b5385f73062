// The IoT Hub service client hubjobs needs: jobs v2, device queries and twins. Every call goes
// through the Azure SDK's HTTP pipeline (hub-pipeline.ts: proxy, retry, request id, error parsing,
// auth); paging follows `x-ms-continuation`.
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, type HttpClient, type HttpMethods, type Pipeline, type PipelinePolicy, type PipelineResponse } from "@azure/core-rest-pipeline";
import { IotHubError } from "./errors.ts";
import { createHubPipeline } from "./hub-pipeline.ts";
import type { RetryPolicy } from "./retry.ts";
import { quoteString } from "../query/quote.ts";
import type { DeviceJobRow, JobRequest, JobResponse } from "./types.ts";

export const apiVersion = "2021-04-12";

export interface IotHubClientOptions {
  /** The hub's host name: signed for, and sent as Host (the emulator routes by it). */
  hostName: string;
  /** Authentication policy: `sasAuthenticationPolicy` or `entraAuthenticationPolicy`. */
  auth: PipelinePolicy;
  /** Where to connect instead of `https://<hostName>/` (e.g. the emulator on `http://127.0.0.1:4300`). */
  endpoint?: string;
  /** Per-request time to an answer; default 60 s. */
  timeoutMs?: number;
  retry?: RetryPolicy;
}

export interface ListJobsFilter {
  type?: string;
  status?: string;
}

export interface QueryOptions {
  pageSize?: number;
  /** Stop after this many items (the rest of the pages are not fetched). */
  limit?: number;
}

/** One page of a query and the cursor of the next one (absent on the last page). */
export interface QueryPage<T> {
  items: T[];
  continuation?: string;
}

export class IotHubClient {
  readonly hostName: string;
  /** `<origin><path>` of the endpoint, without a trailing slash. */
  #base: string;
  #timeoutMs: number;
  #pipeline: Pipeline;
  #httpClient: HttpClient = createDefaultHttpClient();

  constructor(options: IotHubClientOptions) {
    this.hostName = options.hostName;
    const baseUrl = new URL(options.endpoint ?? `https://${options.hostName}/`);
    this.#base = baseUrl.origin + baseUrl.pathname.replace(/\/$/, "");
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#pipeline = createHubPipeline({ hostName: options.hostName, baseUrl, auth: options.auth, retry: options.retry ?? {} });
  }

  /** `PUT /jobs/v2/{id}`. A retried PUT whose first attempt landed answers 409 JobAlreadyExists: callers decide. */
  createJob(id: string, body: JobRequest): Promise<JobResponse> {
    return this.#json<JobResponse>("PUT", `/jobs/v2/${encodeURIComponent(id)}`, { ...body, jobId: id });
  }

  /**
   * `GET /jobs/v2/{id}`; undefined when the hub does not know the job: either 404 JobNotFound, or the
   * 200 `{"type":"unknown","status":"unknown"}` answer seen for expired ids.
   */
  async getJob(id: string): Promise<JobResponse | undefined> {
    try {
      const job = await this.#json<JobResponse>("GET", `/jobs/v2/${encodeURIComponent(id)}`);
      if (job.type === "unknown" && job.status === "unknown") return undefined;
      return job;
    } catch (e) {
      if (e instanceof IotHubError && e.status === 404) return undefined;
      throw e;
    }
  }

  cancelJob(id: string): Promise<JobResponse> {
    return this.#json<JobResponse>("POST", `/jobs/v2/${encodeURIComponent(id)}/cancel`);
  }

  /** `GET /jobs/v2/query`: every page. */
  async listJobs(filter: ListJobsFilter = {}, options: QueryOptions = {}): Promise<JobResponse[]> {
    const q = new URLSearchParams();
    if (filter.type) q.set("jobType", filter.type);
    if (filter.status) q.set("jobStatus", filter.status);
    return this.#paged<JobResponse>("GET", `/jobs/v2/query`, q, undefined, options);
  }

  /** `POST /devices/query` with the full SQL; every page unless `limit` says otherwise. */
  queryDevices<T = Record<string, unknown>>(sql: string, options: QueryOptions = {}): Promise<T[]> {
    return this.#paged<T>("POST", `/devices/query`, new URLSearchParams(), { query: sql }, options);
  }

  /**
   * One page of `POST /devices/query`: callers that must bound how many queries they spend (S1/S2
   * hubs allow 20 a minute) page themselves, passing back the continuation they were given.
   */
  queryDevicesPage<T = Record<string, unknown>>(sql: string, options: { pageSize?: number; continuation?: string } = {}): Promise<QueryPage<T>> {
    return this.#page<T>("POST", `/devices/query`, new URLSearchParams(), { query: sql }, options.pageSize, options.continuation);
  }

  /** The per-device rows of one job. */
  queryDeviceJobs(jobId: string, options: QueryOptions = {}): Promise<DeviceJobRow[]> {
    return this.queryDevices<DeviceJobRow>(`SELECT * FROM devices.jobs WHERE devices.jobs.jobId = ${quoteString(jobId)}`, options);
  }

  /** How many devices a WHERE clause (or `*`) selects. */
  async countDevices(condition: string): Promise<number> {
    const where = condition.trim() === "*" ? "" : ` WHERE ${condition}`;
    const rows = await this.queryDevices<{ numberOfDevices?: number }>(`SELECT COUNT() AS numberOfDevices FROM devices${where}`);
    return rows.reduce((sum, r) => sum + (r.numberOfDevices ?? 0), 0);
  }

  getTwin(deviceId: string): Promise<Record<string, unknown>> {
    return this.#json("GET", `/twins/${encodeURIComponent(deviceId)}`);
  }

  async #json<T>(method: HttpMethods, path: string, body?: unknown): Promise<T> {
    const res = await this.#send(method, path, new URLSearchParams(), body);
    const text = res.bodyAsText ?? "";
    return (text.trim() === "" ? {} : JSON.parse(text)) as T;
  }

  async #paged<T>(method: HttpMethods, path: string, query: URLSearchParams, body: unknown, options: QueryOptions): Promise<T[]> {
    const items: T[] = [];
    let continuation: string | undefined;
    do {
      const page = await this.#page<T>(method, path, query, body, options.pageSize, continuation);
      items.push(...page.items);
      if (options.limit !== undefined && items.length >= options.limit) return items.slice(0, options.limit);
      continuation = page.continuation;
    } while (continuation);
    return items;
  }

  async #page<T>(method: HttpMethods, path: string, query: URLSearchParams, body: unknown, pageSize = 100, continuation?: string): Promise<QueryPage<T>> {
    const extra: Record<string, string> = { "x-ms-max-item-count": String(pageSize) };
    if (continuation) extra["x-ms-continuation"] = continuation;
    const res = await this.#send(method, path, query, body, extra);
    const page = JSON.parse(res.bodyAsText || "[]") as unknown;
    if (!Array.isArray(page)) throw new IotHubError({ status: res.status, errorCode: "UnexpectedResponse", message: `${method} ${path} answered ${typeof page}, expected a JSON array`, retryable: false });
    const nextContinuation = res.headers.get("x-ms-continuation") || undefined;
    return { items: page as T[], ...(nextContinuation ? { continuation: nextContinuation } : {}) };
  }

  /** Resolves with a 2xx answer; anything else rejects with an IotHubError (after the retries the policy allows). */
  #send(method: HttpMethods, path: string, query: URLSearchParams, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<PipelineResponse> {
    const q = new URLSearchParams(query);
    q.set("api-version", apiVersion);
    const headers = createHttpHeaders({ Accept: "application/json", ...extraHeaders });
    if (body !== undefined) headers.set("Content-Type", "application/json; charset=utf-8");
    const request = createPipelineRequest({
      url: `${this.#base}${path}?${q}`,
      method,
      headers,
      timeout: this.#timeoutMs,
      // The emulator serves plain HTTP on a port; a real hub is HTTPS only, and Entra refuses http: URLs.
      allowInsecureConnection: this.#base.startsWith("http:"),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return this.#pipeline.sendRequest(this.#httpClient, request);
  }
}
