// The dev stack of the quick start (Pulumi.dev.yaml): the hub it creates gets the dev fleet, so
// `pulumi destroy` followed by `npm start` runs the jobs on the same 25 devices as the first time,
// not on an empty hub.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fleetFileProblems } from "../../src/config/fleet-file-problems.ts";
import { readProgramConfig } from "../../src/config/index.ts";
import { expandFleet, parseFleet } from "../../src/emulator/fleet/fleet-document.ts";
import defineStack from "../../src/index.ts";
import { loadManifests } from "../../src/manifest/index.ts";
import { installMocks, valueOf, type Recorded } from "./mocks.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const devStack = parse(readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, string> };
const devConfig = readProgramConfig({
  get: (key) => devStack.config[`hubjobs:${key}`],
  env: { HUBJOBS_ADMIN_KEY: "admin-key-from-test" },
  readFile: (file) => readFileSync(file, "utf8"),
  fleetProblems: fleetFileProblems,
  cwd: repoRoot,
});

let recorded: Recorded;
beforeAll(async () => {
  recorded = await installMocks();
});

describe("the dev stack (Pulumi.dev.yaml)", () => {
  it("names a fleet file that holds every device the example jobs name", async () => {
    expect(devConfig.hub.mode).toBe("local");
    const fleetFile = devConfig.hub.mode === "local" ? devConfig.hub.fleetFile : undefined;
    expect(fleetFile).toBeDefined();
    const devices = new Set([...expandFleet(parseFleet(readFileSync(path.resolve(repoRoot, fleetFile!), "utf8")))].map((d) => d.deviceId));
    const loaded = await loadManifests([devConfig.jobsDir], { cwd: repoRoot, mode: "validate", now: new Date() });
    const named = loaded.manifests.flatMap((m) => m.job.target.deviceIds ?? []);
    expect(named.length).toBeGreaterThan(0);
    for (const id of named) expect(devices).toContain(id);
  });

  it("hands that fleet to the local hub resource, which seeds it when it creates the hub", async () => {
    const outputs = await defineStack({ config: devConfig, cwd: repoRoot });
    await valueOf(outputs.hubHostName);
    const hub = recorded.resources.find((r) => r.type === "pulumi-nodejs:dynamic/hubjobs:LocalHub");
    expect(hub?.inputs.fleet).toBe(readFileSync(path.join(repoRoot, "fleets/dev.yaml"), "utf8"));
  });
});
