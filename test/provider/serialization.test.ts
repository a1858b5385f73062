// The job provider is serialized into state and run in another process: the text must be small,
// carry no secret, and work when loaded the way the dynamic provider host loads it.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { jobProvider } from "../../src/provider/job-provider.ts";
import { localHubProvider } from "../../src/provider/local-hub-provider.ts";

const require = createRequire(import.meta.url);
// The same loader the dynamic provider host uses (cmd/dynamic-provider).
const requireFromString = require("require-from-string") as (code: string) => { handler: () => Record<string, (...args: unknown[]) => Promise<unknown>> };

describe.each([
  ["job", jobProvider, [{ jobId: "a" }, { jobId: "b", request: {} }], "request"],
  ["local hub", localHubProvider, [{ hubName: "a", adminUrl: "http://x" }, { hubName: "b", adminUrl: "http://x" }], "hubName"],
] as const)("the serialized %s provider", (_label, provider, diffArgs, replaced) => {
  it("is small, captures no secret and no client, and runs when loaded from its text", async () => {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    expect(sf.containsSecrets).toBe(false);
    expect(Buffer.byteLength(sf.text)).toBeLessThan(5 * 1024);
    // Only module URLs are captured: no keys, no connection strings, no sockets or agents.
    expect(sf.text).not.toMatch(/SharedAccessKey|Authorization|Agent|IotHubClient/);
    const loaded = requireFromString(sf.text).handler();
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(provider).sort());
    // Calling a method from the loaded copy proves the dynamic import resolves outside this module.
    const diff = (await loaded.diff!("id", ...diffArgs)) as { replaces: string[] };
    expect(diff.replaces).toContain(replaced);
  });

  it("still finds its implementation after the project moved, under HUBJOBS_ROOT", async () => {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    const here = new URL("../../", import.meta.url).href; // the project root as a file URL
    const moved = sf.text.split(here).join("file:///nonexistent/old-checkout/");
    expect(moved).not.toContain(here);
    const previous = process.env.HUBJOBS_ROOT;
    process.env.HUBJOBS_ROOT = fileURLToPath(here);
    try {
      const loaded = requireFromString(moved).handler();
      const diff = (await loaded.diff!("id", ...diffArgs)) as { replaces: string[] };
      expect(diff.replaces).toContain(replaced);
    } finally {
      if (previous === undefined) delete process.env.HUBJOBS_ROOT;
      else process.env.HUBJOBS_ROOT = previous;
    }
  });
});
