import { describe, expect, it } from "vitest";
import { fleetDeviceBehaviour } from "../../../src/emulator/fleet/fleet-behaviour.ts";
import { reportAfterMethod, resolveReported, templateProblems } from "../../../src/emulator/fleet/reported-template.ts";

const now = new Date("2026-06-01T12:00:00Z");

describe("reported templates of method answers", () => {
  it("fills $payload paths, $now and $$ literals; leaves out paths the payload lacks or holds null", () => {
    const template = { firmwareVersion: "$payload.version", all: "$payload", at: "$now", first: "$payload.items.0", lit: "$$payload", plain: "x", n: 3, nested: { ch: "$payload.channel", gone: "$payload.none", nil: "$payload.nothing" } };
    const payload = { version: "2.1.0", channel: "beta", items: ["a", "b"], nothing: null };
    expect(resolveReported(template, payload, now)).toEqual({ firmwareVersion: "2.1.0", all: payload, at: "2026-06-01T12:00:00.000Z", first: "a", lit: "$payload", plain: "x", n: 3, nested: { ch: "beta" } });
    expect(resolveReported({ v: "$payload.version", all: "$payload" }, null, now)).toEqual({});
  });

  it("names every bad expression by its JSON pointer", () => {
    expect(templateProblems({ a: "$paylod", b: { "c/d": ["$payload.x", "$soon"] }, ok: "$$x" }, "/m")).toEqual([
      { pointer: "/m/a", message: expect.stringMatching(/'\$paylod' is not an expression/) },
      { pointer: "/m/b/c~1d/1", message: expect.stringMatching(/'\$soon' is not an expression/) },
    ]);
  });

  it("writes nothing for an empty result, and a refused write does not fail the answer", () => {
    const writes: unknown[] = [];
    reportAfterMethod({ reportProperties: (_h, _d, r) => writes.push(r) }, "h", "d", { v: "$payload.version" }, {}, now);
    expect(writes).toEqual([]);
    reportAfterMethod({ reportProperties: (_h, _d, r) => writes.push(r) }, "h", "d", { v: "$payload.version" }, { version: "1" }, now);
    expect(writes).toEqual([{ v: "1" }]);
    expect(() => reportAfterMethod({ reportProperties: () => { throw new Error("too large"); } }, "h", "d", { v: "x" }, {}, now)).not.toThrow();
  });
});

describe("a fleet device's stored behaviour", () => {
  const update = { status: 200, reported: { v: "$payload.version" } };
  it("turns followDesired's duration into milliseconds", () => {
    expect(fleetDeviceBehaviour({ deviceId: "d", methods: { U: update }, followDesired: { after: "1.5s", keys: ["a"] } })).toEqual({ methods: { U: update }, followDesired: { afterMs: 1500, keys: ["a"] } });
  });
  it("a device that ignores updates keeps its answers but neither reports after methods nor follows desired", () => {
    expect(fleetDeviceBehaviour({ deviceId: "d", methods: { U: update }, followDesired: { after: "1s" }, ignoresUpdates: true })).toEqual({ methods: { U: { status: 200 } } });
  });
});
