// A rollout's preview counts per wave, against twins evaluated by the hub's own query engine.
import { describe, expect, it } from "vitest";
import { countWaves } from "../../src/blast/wave-counts.ts";
import { compileCondition, parseCondition } from "../../src/query/index.ts";

const twins = [
  ...["1", "2"].map((n) => ({ deviceId: `C-${n}`, tags: { kind: "door", ring: "canary" }, connectionState: "Connected" })),
  ...["1", "2", "3"].map((n) => ({ deviceId: `E-${n}`, tags: { kind: "door", ring: "early" }, connectionState: n === "3" ? "Disconnected" : "Connected" })),
  ...["1", "2", "3", "4", "5"].map((n) => ({ deviceId: `R-${n}`, tags: { kind: "door" }, connectionState: "Connected" })),
  { deviceId: "Lamp", tags: { kind: "lamp" }, connectionState: "Connected" },
];

async function count(condition: string): Promise<number> {
  if (condition === "*") return twins.length;
  const parsed = parseCondition(condition);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const matches = compileCondition(parsed.value);
  return twins.filter((t) => matches(t)).length;
}
const offline = (c: string) => count(c === "*" ? "connectionState = 'Disconnected'" : `(${c}) AND connectionState = 'Disconnected'`);

describe("countWaves", () => {
  it("counts disjoint waves that add up to the target, with their offline devices", async () => {
    const waves = await countWaves(count, offline, "tags.kind = 'door'", [{ name: "canary", condition: "tags.ring = 'canary'" }, { name: "early", condition: "tags.ring = 'early'" }, { name: "rest" }]);
    expect(waves).toEqual([
      { name: "canary", matched: 2, offline: 0, atMost: false },
      { name: "early", matched: 3, offline: 1, atMost: false },
      { name: "rest", matched: 5, offline: 0, atMost: false },
    ]);
    expect(waves.reduce((n, w) => n + w.matched, 0)).toBe(await count("tags.kind = 'door'"));
  });

  it("a maxDevices wave takes at most its count; a later conditioned wave is an upper bound, the rest is exact", async () => {
    const waves = await countWaves(count, offline, "tags.kind = 'door'", [{ name: "three", maxDevices: 3 }, { name: "early", condition: "tags.ring = 'early'" }, { name: "rest" }]);
    expect(waves).toEqual([
      { name: "three", matched: 3, atMost: false, picked: true },
      { name: "early", matched: 3, atMost: true },
      { name: "rest", matched: 4, atMost: false },
    ]);
  });
});
