// Job ids are a contract with every existing stack and every hub's history: the first-revision id of
// a manifest must not change between releases. These are the ids of the repository's manifests as
// tranche 1 (commit 3a91fae) computed them; a change here re-runs jobs on devices after an upgrade.
import { describe, expect, it } from "vitest";
import { loadManifests } from "../../src/manifest/index.ts";
import { jobIdFor, lineageJobId } from "../../src/manifest/job-id.ts";
import { repoRoot } from "../../src/config/pulumi-env.ts";

describe("job ids across releases", () => {
  it("the repository's manifests keep the ids tranche 1 gave them", async () => {
    const loaded = await loadManifests(["jobs"], { cwd: repoRoot, mode: "validate" });
    const ids = Object.fromEntries(loaded.manifests.map((m) => [m.job.name, m.job.jobId]));
    expect(ids).toMatchObject({
      "lock-doors-building-43": "lock-doors-building-43-861cea1f",
      "telemetry-interval-floor-3": "telemetry-interval-floor-3-33426b63",
      "locate-device-1": "locate-device-1-a11dda90",
      "lock-doors-device-1": "lock-doors-device-1-c1e39131",
      "nightly-lock-all": "nightly-lock-all-e0194524",
    });
  });

  it("a lineage id is pinned too: a retried up after an upgrade computes the id it submitted", () => {
    const request = { type: "scheduleUpdateTwin", queryCondition: "deviceId IN ['Device-1']", updateTwin: { etag: "*", properties: { desired: { telemetryInterval: 30 } } }, maxExecutionTimeInSeconds: 60 };
    expect(jobIdFor("interval", request)).toBe(jobIdFor("interval", { ...request, queryCondition: "deviceId in ['Device-1']" }));
    expect(lineageJobId("interval", request, "interval-0123abcd")).toMatchInlineSnapshot(`"interval-ce6aa2b2"`);
  });

  it("spelling of the query never changes an id", () => {
    const request = (queryCondition: string) => ({ type: "scheduleDeviceMethod", queryCondition, maxExecutionTimeInSeconds: 60 });
    const ids = ["tags.Building='43'", "tags.Building = '43'", "tags.Building = \"43\"", "(tags.Building = '43')"].map((q) => jobIdFor("ws", request(q)));
    expect(new Set(ids).size).toBe(1);
    expect(jobIdFor("ws", request("tags.Building='43' and tags.Floor='3'"))).toBe(jobIdFor("ws", request("(tags.Building = '43') AND (tags.Floor = '3')")));
  });
});
