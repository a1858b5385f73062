// Behind a corporate proxy: `pulumi up` (real engine) and `hubjobs status` reach the embedded hub
// over TLS through the HTTP CONNECT proxy named by HTTPS_PROXY, as Azure SDK users expect, and go
// straight to the hub when NO_PROXY names it. The proxy is TooTallNate's `proxy` package, started
// here; it records every tunnel it opens, which is the evidence that traffic went through it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConnectProxy, type RunningProxy } from "../iothub/connect-proxy.ts";
import { E2EProject, methodJob, requireEngine, skipReason } from "./harness.ts";

const STEP_TIMEOUT = 180_000;

describe.skipIf(skipReason !== undefined)("HTTPS_PROXY and NO_PROXY with the embedded hub over TLS (real engine)", () => {
  let project: E2EProject;
  let proxy: RunningProxy;
  /** `127.0.0.1:<port>`: what a CONNECT to the hub asks for. */
  let hubAddress: string;
  let jobId: string;

  beforeAll(async () => {
    project = await E2EProject.create(requireEngine(), { tls: true });
    proxy = await startConnectProxy();
    hubAddress = new URL(project.hub.url).host;
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await proxy?.close();
    await project?.dispose();
  });

  const behindProxy = () => ({ HTTPS_PROXY: proxy.url, NO_PROXY: "" });
  const bypassingProxy = () => ({ HTTPS_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1" });

  it("pulumi up submits and waits for a job through the proxy's CONNECT tunnels", async () => {
    expect(project.hub.url).toMatch(/^https:\/\//);
    project.writeManifest("lock.yaml", methodJob("lock-via-proxy", { deviceIds: ["Device-1"] }));
    const up = await project.pulumiOk(["up", "--yes"], behindProxy());
    const [job] = await project.hubJobsFor("lock-via-proxy");
    expect(job?.status, up.output).toBe("completed");
    jobId = job!.jobId;
    // The provider's GET (is the job there?), PUT and polls each opened a tunnel to the hub.
    expect(proxy.tunnelsTo(hubAddress), proxy.requests.join("\n")).toBeGreaterThanOrEqual(3);
  }, STEP_TIMEOUT);

  it("hubjobs status reads the stack's hub through the proxy", async () => {
    const before = proxy.tunnelsTo(hubAddress);
    const status = await project.hubjobs(["status", "--hub", project.stack, "--json"], behindProxy());
    expect(status.code, status.output).toBe(0);
    expect(JSON.parse(status.stdout).ok).toBe(true);
    expect(status.stdout).toContain(jobId);
    expect(proxy.tunnelsTo(hubAddress) - before).toBeGreaterThanOrEqual(1);
  }, STEP_TIMEOUT);

  it("NO_PROXY sends hubjobs status and pulumi refresh straight to the hub", async () => {
    const before = proxy.requests.length;
    const status = await project.hubjobs(["status", "--hub", project.stack, "--json"], bypassingProxy());
    expect(status.code, status.output).toBe(0);
    expect(status.stdout).toContain(jobId);
    const refresh = await project.pulumiOk(["refresh", "--yes"], bypassingProxy());
    expect(refresh.output).not.toMatch(/error:/i);
    expect(proxy.requests.slice(before)).toEqual([]);
  }, STEP_TIMEOUT);
});
