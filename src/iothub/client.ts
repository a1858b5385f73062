// The IoT Hub service client hubjobs needs: jobs v2, device queries and twins. Every call goes
// through auth -> transport -> error parsing -> retry; paging follows `x-ms-continuation`.
import { randomUUID } from "node:crypto";
import type { AuthProvider } from "./auth.ts";
import { IotHubError, parseErrorResponse } from "./errors.ts";
import { withRetry, type RetryPolicy } from "./retry.ts";
import { createTransport, type HttpResponse, type Transport } from "./transport.ts";
import { quoteString } from "../query/quote.ts";
import type { DeviceJobRow, JobRequest, JobResponse } from "./types.ts";

export const apiVersion = "2021-04-12";

export interface IotHubClientOptions {
  hostName: string;
  auth: AuthProvider;
  endpoint?: string;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Replaces the HTTP layer (tests). */
  transport?: Transport;
  userAgent?: string;
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
  #auth: AuthProvider;
  #transport: Transport;
  #retry: RetryPolicy;
  #userAgent: string;

  constructor(options: IotHubClientOptions) {
    this.hostName = options.hostName;
    this.#auth = options.auth;
    this.#retry = options.retry ?? {};
    this.#userAgent = options.userAgent ?? "hubjobs/0.1";
    this.#transport =
      options.transport ??
      createTransport({ hostName: options.hostName, ...(options.endpoint ? { endpoint: options.endpoint } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
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

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.#send(method, path, new URLSearchParams(), body);
    return (res.body.trim() === "" ? {} : JSON.parse(res.body)) as T;
  }

  async #paged<T>(method: string, path: string, query: URLSearchParams, body: unknown, options: QueryOptions): Promise<T[]> {
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

  async #page<T>(method: string, path: string, query: URLSearchParams, body: unknown, pageSize = 100, continuation?: string): Promise<QueryPage<T>> {
    const extra: Record<string, string> = { "x-ms-max-item-count": String(pageSize) };
    if (continuation) extra["x-ms-continuation"] = continuation;
    const res = await this.#send(method, path, query, body, extra);
    const page = JSON.parse(res.body || "[]") as unknown;
    if (!Array.isArray(page)) throw new IotHubError({ status: res.status, errorCode: "UnexpectedResponse", message: `${method} ${path} answered ${typeof page}, expected a JSON array`, retryable: false });
    const next = res.headers["x-ms-continuation"];
    const nextContinuation = (Array.isArray(next) ? next[0] : next) || undefined;
    return { items: page as T[], ...(nextContinuation ? { continuation: nextContinuation } : {}) };
  }

  #send(method: string, path: string, query: URLSearchParams, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<HttpResponse> {
    const q = new URLSearchParams(query);
    q.set("api-version", apiVersion);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return withRetry(async () => {
      // Signed per attempt: a long backoff must not send a token that expired meanwhile.
      const headers: Record<string, string> = {
        Authorization: await this.#auth.authorization(),
        Accept: "application/json",
        "User-Agent": this.#userAgent,
        "Request-Id": randomUUID(),
        ...extraHeaders,
      };
      if (payload !== undefined) headers["Content-Type"] = "application/json; charset=utf-8";
      const res = await this.#transport({ method, path: `${path}?${q}`, headers, ...(payload !== undefined ? { body: payload } : {}) });
      if (res.status >= 200 && res.status < 300) return res;
      throw parseErrorResponse(res.status, res.body, res.headers);
    }, this.#retry);
  }
}
