import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { expandFleet, FleetError, loadFleetFile, parseFleet, type FleetDocument } from "../../../src/emulator/fleet/fleet-document.ts";

const fleetOf = (generate: NonNullable<FleetDocument["generate"]>): FleetDocument => ({ apiVersion: "hubjobs/v1", kind: "Fleet", generate });

describe("fleet files", () => {
  it("fleets/dev.yaml is valid and has what the reference jobs need", () => {
    const fleet = loadFleetFile("fleets/dev.yaml");
    const devices = [...expandFleet(fleet)];
    const device1 = devices.find((d) => d.deviceId === "Device-1")!;
    expect(device1.connected ?? true).toBe(true);
    expect(device1.methods?.LockDoor?.status ?? 200).toBe(200);
    expect(device1.tags).toMatchObject({ Building: expect.any(String), Floor: expect.any(String) });
    expect(devices.some((d) => d.connected === false)).toBe(true);
    expect(devices.some((d) => Object.values(d.methods ?? {}).some((m) => (m.status ?? 200) >= 400))).toBe(true);
    // What a staged rollout's verify gate needs: doors that install firmware, one that never does.
    expect(device1.methods?.UpdateFirmware?.reported).toEqual({ firmwareVersion: "$payload.version" });
    expect(devices.find((d) => d.deviceId === "Device-3")).toMatchObject({ ignoresUpdates: true, methods: { UpdateFirmware: { status: 200 } } });
    expect(devices.filter((d) => d.followDesired?.keys?.includes("telemetryInterval")).length).toBe(40);
    expect(devices.filter((d) => d.ignoresUpdates && d.deviceId.startsWith("sensor-"))).toHaveLength(4);
  });

  it("reports schema problems with line and column", () => {
    const text = "apiVersion: hubjobs/v1\nkind: Fleet\ndevices:\n  - deviceId: ok\n  - deviceId: bad id\n    colour: red\n";
    try {
      parseFleet(text, "f.yaml");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FleetError);
      const problems = (err as FleetError).problems.join("\n");
      expect(problems).toMatch(/f\.yaml:5:\d+: \/devices\/1\/deviceId/);
      expect(problems).toMatch(/f\.yaml:5:\d+: \/devices\/1 has an unknown field 'colour'/);
    }
  });

  it("reports YAML syntax errors with their line", () => {
    expect(() => parseFleet("apiVersion: hubjobs/v1\nkind: [Fleet\n", "s.yaml")).toThrow(/s\.yaml:\d+:\d+/);
  });

  it("refuses a device id defined twice", () => {
    const fleet = { apiVersion: "hubjobs/v1", kind: "Fleet", devices: [{ deviceId: "d-1" }], generate: [{ idPrefix: "d-", count: 3 }] };
    expect(() => parseFleet(JSON.stringify(fleet))).toThrow(/d-1.*more than once/);
  });

  it("generates exact shares of offline and failing devices, deterministically from the seed", () => {
    const group = { idPrefix: "s-", count: 200, seed: 9, offlineShare: 0.25, failingShare: 0.1, tags: { building: { values: ["a", "b"], weights: [3, 1] }, kind: "sensor" }, methods: { Ping: { status: 200 } } };
    const devices = [...expandFleet(fleetOf([group]))];
    expect(devices).toHaveLength(200);
    expect(devices[0]!.deviceId).toBe("s-001");
    expect(devices.filter((d) => d.connected === false)).toHaveLength(50);
    const failing = devices.filter((d) => d.methods?.["*"]?.status === 500);
    expect(failing).toHaveLength(20);
    expect(failing.every((d) => d.connected !== false)).toBe(true);
    expect(devices.every((d) => d.tags?.kind === "sensor")).toBe(true);
    const a = devices.filter((d) => d.tags?.building === "a").length;
    expect(a).toBeGreaterThan(120); // weight 3:1 of 200
    expect(a).toBeLessThan(180);
    expect([...expandFleet(fleetOf([group]))]).toEqual(devices);
    expect([...expandFleet(fleetOf([{ ...group, seed: 10 }]))]).not.toEqual(devices);
  });

  it("the schema file is the one the loader uses", () => {
    const schema = JSON.parse(readFileSync("schemas/fleet.schema.json", "utf8"));
    expect(schema.properties.kind.const).toBe("Fleet");
    expect(() => parseFleet("apiVersion: hubjobs/v1\nkind: Other\n")).toThrow(FleetError);
  });

  it("reactions: each bad field gets an error naming it, with its line", () => {
    const problemsOf = (text: string): string => {
      try {
        parseFleet(`apiVersion: hubjobs/v1\nkind: Fleet\n${text}`, "r.yaml");
      } catch (err) {
        expect(err).toBeInstanceOf(FleetError);
        return (err as FleetError).problems.join("\n");
      }
      return expect.unreachable("the fleet was accepted") as never;
    };
    expect(problemsOf("devices:\n  - deviceId: d\n    followDesired: { after: soon }\n")).toMatch(/r\.yaml:5:\d+: \/devices\/0\/followDesired\/after is not a duration/);
    expect(problemsOf("devices:\n  - deviceId: d\n    followDesired: { keys: [a] }\n")).toMatch(/\/devices\/0\/followDesired must have required property 'after'/);
    expect(problemsOf("devices:\n  - deviceId: d\n    followDesired: { after: 5s, keys: [a.b] }\n")).toMatch(/\/devices\/0\/followDesired\/keys\/0 is not a twin property name/);
    expect(problemsOf("devices:\n  - deviceId: d\n    folowDesired: { after: 5s }\n")).toMatch(/\/devices\/0 has an unknown field 'folowDesired'/);
    expect(problemsOf("devices:\n  - deviceId: d\n    methods:\n      Update:\n        reported: { fw: { v: $paylod.version } }\n")).toMatch(/r\.yaml:7:\d+: \/devices\/0\/methods\/Update\/reported\/fw\/v '\$paylod\.version' is not an expression/);
    expect(problemsOf("generate:\n  - { idPrefix: g-, count: 4, offlineShare: 0.5, failingShare: 0.25, ignoresUpdatesShare: 0.5 }\n")).toMatch(/\/generate\/0 offlineShare, failingShare and ignoresUpdatesShare add up to 1.25/);
    expect(problemsOf("generate:\n  - { idPrefix: g-, count: 4, ignoresUpdatesShare: 2 }\n")).toMatch(/\/generate\/0\/ignoresUpdatesShare must be <= 1/);
    // Valid reactions pass.
    const ok = parseFleet("apiVersion: hubjobs/v1\nkind: Fleet\ndevices:\n  - deviceId: d\n    followDesired: { after: 1.5s }\n    methods: { U: { reported: { v: $payload.version, at: $now, raw: $payload, lit: $$5 } } }\n");
    expect(ok.devices?.[0]?.followDesired).toEqual({ after: "1.5s" });
  });

  it("generates an exact share of devices that ignore updates, apart from the offline and failing ones", () => {
    const group = { idPrefix: "s-", count: 40, seed: 3, offlineShare: 0.25, failingShare: 0.25, ignoresUpdatesShare: 0.25, followDesired: { after: "5s" } };
    const devices = [...expandFleet(fleetOf([group]))];
    const ignoring = devices.filter((d) => d.ignoresUpdates === true);
    expect(ignoring).toHaveLength(10);
    expect(ignoring.every((d) => d.connected !== false && d.methods?.["*"]?.status !== 500)).toBe(true);
    expect(devices.every((d) => d.followDesired?.after === "5s")).toBe(true);
    // Adding the share leaves the offline and failing devices of the same seed where they were.
    const without = [...expandFleet(fleetOf([{ ...group, ignoresUpdatesShare: 0 }]))];
    expect(without.map((d) => [d.connected, d.methods])).toEqual(devices.map((d) => [d.connected, d.methods]));
  });
});
