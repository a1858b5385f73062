// Issue 16, item 1: no Pulumi engine and no way to build one is an expected failure of a fresh
// machine. `npm run pulumi` says so in one paragraph with the way out, after setup-pulumi.sh's own
// reason, and exits non-zero; no Node stack trace.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoStackTrace } from "../e2e/user-output.ts";
import { TempClone } from "./clone.ts";

// With go or pulumi in /usr/bin the script would find them (and build for minutes): nothing to test.
const toolsInSystemPath = ["go", "pulumi"].some((tool) => existsSync(`/usr/bin/${tool}`) || existsSync(`/bin/${tool}`));

describe.skipIf(toolsInSystemPath)("npm run pulumi on a machine with neither pulumi nor Go", () => {
  let clone: TempClone;
  let emptyCache: string;
  beforeAll(() => {
    clone = new TempClone("http://127.0.0.1:4300");
    emptyCache = mkdtempSync(path.join(tmpdir(), "hubjobs-no-engine-"));
  });
  afterAll(() => {
    clone?.dispose();
    if (emptyCache) rmSync(emptyCache, { recursive: true, force: true });
  });

  it("prints setup-pulumi's reason and how to get an engine, exits 1", async () => {
    // An empty engine cache, and a PATH with the system tools but no pulumi and no go.
    const env = clone.userEnv({ HUBJOBS_CACHE: emptyCache, PATH: "/usr/bin:/bin" });
    delete env.HUBJOBS_PULUMI_BIN;
    const result = await clone.script("pulumi.ts", ["preview", "--stack", "dev"], env);
    expect(result.code, result.output).toBe(1);
    expectNoStackTrace(result.output);
    expect(result.output).toContain("setup-pulumi: error: Go is needed to build the Pulumi CLI");
    expect(result.output).toContain("npm run pulumi: no Pulumi engine: scripts/setup-pulumi.sh could not provide one (its reason is above). Install pulumi 3.270 or later");
  });
});
