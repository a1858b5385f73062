// Twin writes: merge-patch (null deletes, objects merge) and replace, each bumping the twin
// $version (and the desired $version when desired changes), recording metadata and enforcing limits.
import type { JsonObject, PropertyMetadata, TwinState } from "./device-model.ts";
import { checkTwinSection, checkTwinSectionSize } from "./twin-limits.ts";

/** RFC 7396 merge patch: `null` deletes a key, objects merge recursively, anything else replaces. */
export function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
    } else if (typeof value === "object" && !Array.isArray(value)) {
      const current = out[key];
      const base = current !== null && typeof current === "object" && !Array.isArray(current) ? (current as JsonObject) : {};
      out[key] = mergePatch(base, value as JsonObject);
    } else {
      out[key] = value;
    }
  }
  return out;
}

export interface TwinWrite {
  tags?: JsonObject;
  desired?: JsonObject;
  reported?: JsonObject;
}

/** Applies a patch (merge) or a replacement of the given sections; returns the new state. */
export function updateTwin(state: TwinState, write: TwinWrite, mode: "patch" | "replace", now: Date): TwinState {
  const t = now.toISOString();
  const next: TwinState = { ...state, version: state.version + 1 };
  if (write.tags !== undefined) {
    checkTwinSection("tags", write.tags);
    next.tags = mode === "patch" ? mergePatch(state.tags, write.tags) : stripNulls(write.tags);
    checkTwinSectionSize("tags", next.tags);
  }
  if (write.desired !== undefined) {
    checkTwinSection("desired", write.desired);
    next.desired = mode === "patch" ? mergePatch(state.desired, write.desired) : stripNulls(write.desired);
    checkTwinSectionSize("desired", next.desired);
    next.desiredVersion = state.desiredVersion + 1;
    next.desiredLastUpdated = t;
    next.desiredMetadata = touchMetadata(state.desiredMetadata, write.desired, next.desired, t, next.desiredVersion, mode);
  }
  if (write.reported !== undefined) {
    checkTwinSection("reported", write.reported);
    next.reported = mode === "patch" ? mergePatch(state.reported, write.reported) : stripNulls(write.reported);
    checkTwinSectionSize("reported", next.reported);
    next.reportedVersion = state.reportedVersion + 1;
    next.reportedLastUpdated = t;
    next.reportedMetadata = touchMetadata(state.reportedMetadata, write.reported, next.reported, t, undefined, mode);
  }
  return next;
}

function stripNulls(obj: JsonObject): JsonObject {
  return mergePatch({}, obj);
}

function touchMetadata(
  before: PropertyMetadata,
  written: JsonObject,
  after: JsonObject,
  t: string,
  version: number | undefined,
  mode: "patch" | "replace",
): PropertyMetadata {
  const out: PropertyMetadata = mode === "patch" ? { ...before } : {};
  const stamp = version === undefined ? { lastUpdated: t } : { lastUpdated: t, lastUpdatedVersion: version };
  for (const key of Object.keys(written)) out[key] = stamp;
  for (const key of Object.keys(out)) if (!(key in after)) delete out[key];
  return out;
}
