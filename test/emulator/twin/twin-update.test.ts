import { describe, expect, it } from "vitest";
import { newDeviceRecord, twinEtag } from "../../../src/emulator/twin/device-model.ts";
import { mergePatch, updateTwin } from "../../../src/emulator/twin/twin-update.ts";

describe("mergePatch", () => {
  it("merges objects recursively, replaces scalars and arrays, deletes on null", () => {
    const target = { a: { b: 1, c: 2 }, list: [1, 2], keep: "x", gone: 1 };
    expect(mergePatch(target, { a: { c: null, d: 3 }, list: [3], gone: null, added: { deep: true } }))
      .toEqual({ a: { b: 1, d: 3 }, list: [3], keep: "x", added: { deep: true } });
    expect(target).toEqual({ a: { b: 1, c: 2 }, list: [1, 2], keep: "x", gone: 1 });
  });
  it("turns a scalar into an object when patched with one", () => {
    expect(mergePatch({ a: 1 }, { a: { b: 2 } })).toEqual({ a: { b: 2 } });
  });
});

describe("updateTwin", () => {
  const now = new Date("2026-01-02T03:04:05Z");
  it("bumps the twin version always and the desired version only when desired changes", () => {
    const start = newDeviceRecord("d", new Date("2026-01-01T00:00:00Z")).twin;
    const tagsOnly = updateTwin(start, { tags: { a: 1 } }, "patch", now);
    expect(tagsOnly.version).toBe(start.version + 1);
    expect(tagsOnly.desiredVersion).toBe(start.desiredVersion);
    const desired = updateTwin(tagsOnly, { desired: { x: 1 } }, "patch", now);
    expect(desired.desiredVersion).toBe(start.desiredVersion + 1);
    expect(desired.desiredMetadata.x).toEqual({ lastUpdated: now.toISOString(), lastUpdatedVersion: desired.desiredVersion });
    const removed = updateTwin(desired, { desired: { x: null } }, "patch", now);
    expect(removed.desired).toEqual({});
    expect(removed.desiredMetadata.x).toBeUndefined();
  });
  it("derives distinct etags from versions", () => {
    expect(twinEtag(1)).toBe("AAAAAAAAAAE=");
    expect(twinEtag(2)).not.toBe(twinEtag(1));
  });
});
