import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fleetFileProblems } from "../../src/config/fleet-file-problems.ts";
import { ConfigError, readProgramConfig, type ConfigSources } from "../../src/config/index.ts";

function sources(values: Record<string, string>, extra: Partial<ConfigSources> = {}): ConfigSources {
  return { get: (k) => values[k], env: {}, readFile: () => undefined, cwd: "/project", ...extra };
}

describe("readProgramConfig", () => {
  it("defaults to the local emulator with hub dev and jobs/", () => {
    const c = readProgramConfig(sources({ emulatorAdminKey: "k" }));
    expect(c).toEqual({
      jobsDir: "jobs/",
      hub: { mode: "local", hubName: "dev", tier: "S1", emulatorUrl: "http://127.0.0.1:4300", emulatorAdminKey: "k", emulatorDataDir: ".hubjobs/emulator" },
    });
  });

  it("takes the admin key from HUBJOBS_ADMIN_KEY, then from <dataDir>/admin-key", () => {
    expect(readProgramConfig(sources({}, { env: { HUBJOBS_ADMIN_KEY: "from-env" } })).hub).toMatchObject({ emulatorAdminKey: "from-env" });
    const dir = mkdtempSync(path.join(tmpdir(), "hubjobs-config-"));
    mkdirSync(path.join(dir, ".hubjobs/emulator"), { recursive: true });
    writeFileSync(path.join(dir, ".hubjobs/emulator/admin-key"), "from-file\n");
    const fromFile = readProgramConfig({ get: () => undefined, env: {}, cwd: dir, readFile: (f) => readFileSync(f, "utf8") });
    expect(fromFile.hub).toMatchObject({ emulatorAdminKey: "from-file" });
  });

  it("reads azure settings with S1 x1 defaults", () => {
    const c = readProgramConfig(sources({ hubMode: "azure", resourceGroupName: "rg", createResourceGroup: "false" }));
    expect(c.hub).toEqual({ mode: "azure", hubName: "dev", explicitHubName: false, resourceGroupName: "rg", createResourceGroup: false, location: "westeurope", skuName: "S1", skuCapacity: 1, auth: "sas" });
  });

  it("reads an existing hub from its connection string, or a host name with Entra", () => {
    const cs = "HostName=prod.azure-devices.net;SharedAccessKeyName=registryReadWrite;SharedAccessKey=AAAA";
    expect(readProgramConfig(sources({ hubMode: "existing", connectionString: cs })).hub).toEqual({ mode: "existing", hostName: "prod.azure-devices.net", auth: "sas", connectionString: cs });
    expect(readProgramConfig(sources({ hubMode: "existing", hostName: "prod.azure-devices.net", auth: "entra" })).hub).toEqual({ mode: "existing", hostName: "prod.azure-devices.net", auth: "entra" });
  });

  it("collects every problem at once", () => {
    const err = (() => { try { readProgramConfig(sources({ hubMode: "azure", skuCapacity: "0", auth: "password" })); } catch (e) { return e as ConfigError; } })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.problems).toHaveLength(3);
    expect(() => readProgramConfig(sources({ hubMode: "cloud" }))).toThrow(/hubMode/);
    expect(() => readProgramConfig(sources({ hubMode: "existing" }))).toThrow(/hostName[\s\S]*connectionString/);
    expect(() => readProgramConfig(sources({}))).toThrow(/admin key/);
  });

  it("reads the fleet file with the rest: a missing or broken one is a problem in the same list", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hubjobs-config-"));
    mkdirSync(path.join(dir, "fleets"));
    writeFileSync(path.join(dir, "fleets/broken.yaml"), "apiVersion: hubjobs/v1\nkind: Fleet\ndevices:\n  - connected: maybe\n");
    writeFileSync(path.join(dir, "fleets/good.yaml"), "apiVersion: hubjobs/v1\nkind: Fleet\ndevices:\n  - deviceId: a\n");
    const read = (file: string) => { try { return readFileSync(file, "utf8"); } catch { return undefined; } };
    const problemsOf = (values: Record<string, string>) => {
      try {
        readProgramConfig({ get: (k) => values[k], env: {}, cwd: dir, readFile: read, fleetProblems: fleetFileProblems });
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    expect(problemsOf({ emulatorAdminKey: "k", fleetFile: "fleets/good.yaml" })).toEqual([]);
    const missing = problemsOf({ fleetFile: "fleets/missing.yaml", auth: "password" });
    expect(missing).toHaveLength(3);
    expect(missing).toContain(`hubjobs:fleetFile: cannot read fleets/missing.yaml (${path.join(dir, "fleets/missing.yaml")})`);
    expect(missing.some((p) => p.includes("admin key"))).toBe(true);
    const broken = problemsOf({ emulatorAdminKey: "k", fleetFile: "fleets/broken.yaml" });
    // Both schema errors of the device (no deviceId, connected not a boolean), each with its line.
    expect(broken.length).toBeGreaterThanOrEqual(2);
    for (const problem of broken) expect(problem).toMatch(/^hubjobs:fleetFile: fleets\/broken\.yaml:4:\d+: /);
  });
});
