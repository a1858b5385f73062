// The first preview of a local stack counts on the emulator's hub of that name when it exists (the
// deployment adopts it), else on the fleet file the new hub is seeded with, else nowhere.
import { readFileSync } from "node:fs";
import path from "node:path";
import { closedPort } from "../support/closed-port.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blastRadiusDiagnostics, type BlastJob } from "../../src/blast/index.ts";
import type { LocalHubConfig } from "../../src/config/types.ts";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import { localPreviewCount } from "../../src/hub/local-preview-count.ts";

const fleetText = readFileSync(path.resolve(import.meta.dirname, "../../fleets/dev.yaml"), "utf8");
const everyDevice: BlastJob = { name: "all", jobId: "all-00000000", request: { type: "scheduleUpdateTwin", queryCondition: "*" } };

let hub: RunningHub;

beforeAll(async () => {
  // A hub whose devices are not the fleet's: two devices only.
  hub = await startHub({ port: 0, hubName: "dev", fleet: { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "a" }, { deviceId: "b", connected: false }] } });
});
afterAll(async () => {
  await hub?.close();
});

const config = (overrides: Partial<LocalHubConfig> = {}): LocalHubConfig => ({
  mode: "local", hubName: "dev", tier: "S1", emulatorUrl: hub.url, emulatorAdminKey: hub.adminKey, emulatorDataDir: ".hubjobs/emulator", fleetFile: "fleets/dev.yaml", ...overrides,
});

/** The per-job lines a preview would print, counted on the source's connection. */
async function countLines(source: NonNullable<Awaited<ReturnType<typeof localPreviewCount>>>): Promise<string[]> {
  const lines: string[] = [];
  await blastRadiusDiagnostics(source.connection, [everyDevice], { log: { info: (m) => lines.push(m), warn: (m) => lines.push(`warn: ${m}`) } });
  return lines;
}

describe("localPreviewCount", () => {
  it("counts on the emulator's hub of that name, as it is now, when it exists", async () => {
    const source = await localPreviewCount(config(), fleetText);
    expect(source?.note).toBe('blast radius: counted on hub "dev" as the emulator holds it now (this deployment adopts it, seeding any device of fleets/dev.yaml it lacks)');
    expect(await countLines(source!)).toEqual(["all: this job touches 2 devices (1 offline, updated when they reconnect); starts at once (0 of 1 job slots busy); takes at least 1 s at S1's 10 device operations/s"]);
  });

  it("counts on the fleet file when the emulator holds no hub of that name", async () => {
    const source = await localPreviewCount(config({ hubName: "not-created-yet" }), fleetText);
    expect(source?.note).toBe('blast radius: counted on fleets/dev.yaml, the fleet this deployment creates hub "not-created-yet" with');
    expect(await countLines(source!)).toEqual([expect.stringMatching(/^all: this job touches 45 devices \(\d+ offline, updated when they reconnect\); starts at once/)]);
  });

  it("counts on the fleet file when the emulator is not running", async () => {
    const source = await localPreviewCount(config({ emulatorUrl: `http://127.0.0.1:${await closedPort()}` }), fleetText);
    expect(source?.note).toMatch(/^blast radius: counted on fleets\/dev\.yaml/);
  });

  it("has nowhere to count without a running emulator or a fleet file", async () => {
    const { fleetFile: _, ...withoutFleet } = config({ emulatorUrl: `http://127.0.0.1:${await closedPort()}` });
    expect(await localPreviewCount(withoutFleet, undefined)).toBeUndefined();
  });
});
