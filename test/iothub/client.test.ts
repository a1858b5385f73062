import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { IotHubClient } from "../../src/iothub/client.ts";
import { IotHubError } from "../../src/iothub/errors.ts";
import { sasAuthenticationPolicy } from "../../src/iothub/sas-policy.ts";
import { startTinyServer, type Answer, type Recorded } from "./tiny-server.ts";

const key = Buffer.alloc(32, 9).toString("base64");
const hostName = "hub-a.hubjobs.localhost";
const sas = () => sasAuthenticationPolicy({ hostName, sharedAccessKeyName: "registryReadWrite", sharedAccessKey: key });
let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => { await closeServer?.(); closeServer = undefined; });

async function clientFor(handler: (req: Recorded, i: number) => Answer, sleeps: number[] = []) {
  const server = await startTinyServer(handler);
  closeServer = server.close;
  const client = new IotHubClient({
    hostName,
    endpoint: server.url,
    auth: sas(),
    retry: { sleep: async (ms) => { sleeps.push(ms); }, random: () => 0, initialDelayMs: 10 },
  });
  return { client, server };
}

const job = { jobId: "j1", type: "scheduleDeviceMethod", status: "queued" };

describe("IotHubClient against a tiny server", () => {
  it("sends Host, a valid SAS for the host name, api-version and a JSON body", async () => {
    const { client, server } = await clientFor(() => ({ status: 200, body: job }));
    const body = { jobId: "j1", type: "scheduleDeviceMethod" as const, queryCondition: "*", cloudToDeviceMethod: { methodName: "Reboot" } };
    expect(await client.createJob("j1", body)).toEqual(job);
    const req = server.requests[0]!;
    expect(req.method).toBe("PUT");
    expect(req.url).toBe("/jobs/v2/j1?api-version=2021-04-12");
    expect(req.headers.host).toBe(hostName);
    expect(req.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(req.body)).toEqual(body);
    // Verify the signature as the service would.
    const auth = String(req.headers.authorization);
    const m = /^SharedAccessSignature sr=([^&]+)&sig=([^&]+)&se=(\d+)&skn=registryReadWrite$/.exec(auth)!;
    expect(decodeURIComponent(m[1]!)).toBe(hostName);
    const expected = createHmac("sha256", Buffer.from(key, "base64")).update(`${m[1]}\n${m[3]}`).digest("base64");
    expect(decodeURIComponent(m[2]!)).toBe(expected);
  });

  it("identifies itself as hubjobs/<version> through the Azure pipeline's user agent, with a Request-Id", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    const { client, server } = await clientFor(() => ({ status: 200, body: job }));
    await client.getJob("j1");
    const headers = server.requests[0]!.headers;
    expect(headers["user-agent"]).toMatch(new RegExp(`^hubjobs/${version.replaceAll(".", "\\.")} core-rest-pipeline/\\S+ Node/`));
    expect(headers["request-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("follows x-ms-continuation over pages and sends it back", async () => {
    const pages: Answer[] = [
      { status: 200, body: [{ deviceId: "a" }, { deviceId: "b" }], headers: { "x-ms-continuation": "c1" } },
      { status: 200, body: [{ deviceId: "c" }], headers: { "x-ms-continuation": "c2" } },
      { status: 200, body: [{ deviceId: "d" }] },
    ];
    const { client, server } = await clientFor((_r, i) => pages[i]!);
    const rows = await client.queryDevices("SELECT * FROM devices", { pageSize: 2 });
    expect(rows.map((r) => r.deviceId)).toEqual(["a", "b", "c", "d"]);
    expect(server.requests.map((r) => r.headers["x-ms-continuation"])).toEqual([undefined, "c1", "c2"]);
    expect(server.requests[0]!.headers["x-ms-max-item-count"]).toBe("2");
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ query: "SELECT * FROM devices" });
  });

  it("reads one query page at a time, handing back the continuation to send", async () => {
    const pages: Answer[] = [
      { status: 200, body: [{ deviceId: "a" }], headers: { "x-ms-continuation": "c1" } },
      { status: 200, body: [{ deviceId: "b" }] },
    ];
    const { client, server } = await clientFor((_r, i) => pages[i]!);
    const first = await client.queryDevicesPage<{ deviceId: string }>("SELECT * FROM devices.jobs", { pageSize: 1 });
    expect(first).toEqual({ items: [{ deviceId: "a" }], continuation: "c1" });
    const last = await client.queryDevicesPage<{ deviceId: string }>("SELECT * FROM devices.jobs", { pageSize: 1, continuation: first.continuation! });
    expect(last).toEqual({ items: [{ deviceId: "b" }] });
    expect(server.requests.map((r) => [r.headers["x-ms-max-item-count"], r.headers["x-ms-continuation"]])).toEqual([["1", undefined], ["1", "c1"]]);
  });

  it("lists jobs with filters and stops early at a limit", async () => {
    const { client, server } = await clientFor(() => ({ status: 200, body: [job], headers: { "x-ms-continuation": "more" } }));
    const jobs = await client.listJobs({ type: "scheduleDeviceMethod", status: "completed" }, { limit: 1 });
    expect(jobs).toEqual([job]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.url).toBe("/jobs/v2/query?jobType=scheduleDeviceMethod&jobStatus=completed&api-version=2021-04-12");
  });

  it("retries 429, 503 and a dropped connection, then succeeds", async () => {
    const script: Answer[] = [
      { status: 429, body: { Message: "ErrorCode:ThrottlingMaxActiveJobCountExceeded;too many jobs" } },
      { status: 503, body: { Message: "ErrorCode:ServerBusy;busy" } },
      "drop",
      { status: 200, body: job },
    ];
    const sleeps: number[] = [];
    const { client, server } = await clientFor((_r, i) => script[i]!, sleeps);
    expect(await client.getJob("j1")).toEqual(job);
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([5, 10, 20]);
    // A fresh request id per attempt.
    expect(new Set(server.requests.map((r) => r.headers["request-id"])).size).toBe(4);
  });

  it("gives up on a hub that does not answer within the timeout, as a retryable Timeout", async () => {
    const server = await startTinyServer(() => "hang");
    closeServer = server.close;
    const client = new IotHubClient({ hostName, endpoint: server.url, timeoutMs: 100, auth: sas(), retry: { deadlineMs: 0 } });
    const err = await client.getJob("j1").catch((e) => e);
    expect(err).toBeInstanceOf(IotHubError);
    expect(err).toMatchObject({ errorCode: "Timeout", retryable: true });
  });

  it("fails at once on other 4xx with the service's code and message", async () => {
    const { client, server } = await clientFor(() => ({ status: 400, body: { Message: "ErrorCode:ArgumentInvalid;queryCondition is not valid" } }));
    const err = await client.getTwin("d1").catch((e) => e);
    expect(err).toBeInstanceOf(IotHubError);
    expect(err).toMatchObject({ status: 400, errorCode: "ArgumentInvalid", message: "queryCondition is not valid" });
    expect(server.requests).toHaveLength(1);
  });

  it("treats 404 and the unknown/unknown answer as a job the hub does not know", async () => {
    const answers: Answer[] = [
      { status: 404, body: { Message: "ErrorCode:JobNotFound;no such job" } },
      { status: 200, body: { type: "unknown", status: "unknown" } },
    ];
    const { client } = await clientFor((_r, i) => answers[i]!);
    expect(await client.getJob("gone")).toBeUndefined();
    expect(await client.getJob("expired")).toBeUndefined();
  });

  it("queries the per-device rows of a job with an escaped id, and counts devices", async () => {
    const { client, server } = await clientFor((r) =>
      r.body.includes("COUNT()") ? { status: 200, body: [{ numberOfDevices: 3 }] } : { status: 200, body: [{ deviceId: "d1", jobId: "it's", status: "failed" }] },
    );
    expect((await client.queryDeviceJobs("it's"))[0]!.deviceId).toBe("d1");
    expect(JSON.parse(server.requests[0]!.body).query).toBe("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'it\\'s'");
    expect(await client.countDevices("tags.Building = '43'")).toBe(3);
    expect(JSON.parse(server.requests[1]!.body).query).toBe("SELECT COUNT() AS numberOfDevices FROM devices WHERE tags.Building = '43'");
  });

  it("connects to a *.localhost host name without an explicit endpoint only via loopback", async () => {
    const server = await startTinyServer(() => ({ status: 200, body: job }));
    closeServer = server.close;
    // No endpoint: https://<host>/ would be used; prove the loopback lookup by pointing http at the host name.
    const client = new IotHubClient({ hostName, endpoint: `http://${hostName}:${server.port}`, auth: sas() });
    expect(await client.cancelJob("j1")).toEqual(job);
    expect(server.requests[0]!.url).toBe("/jobs/v2/j1/cancel?api-version=2021-04-12");
  });
});
