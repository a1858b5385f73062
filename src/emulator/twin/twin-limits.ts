// The service's twin limits: key rules, depth, value and section sizes. Every violation is a
// 400 ArgumentInvalid naming the offending path, as the service reports it.
import { argumentInvalid } from "../errors.ts";

export const TWIN_LIMITS = {
  maxKeyBytes: 1024,
  maxDepth: 10,
  maxValueBytes: 4 * 1024,
  maxTagsBytes: 8 * 1024,
  maxDesiredBytes: 32 * 1024,
  maxReportedBytes: 32 * 1024,
} as const;

export type TwinSection = "tags" | "desired" | "reported";

const SECTION_LIMIT: Record<TwinSection, number> = {
  tags: TWIN_LIMITS.maxTagsBytes,
  desired: TWIN_LIMITS.maxDesiredBytes,
  reported: TWIN_LIMITS.maxReportedBytes,
};

const SECTION_PATH: Record<TwinSection, string> = { tags: "tags", desired: "properties.desired", reported: "properties.reported" };

// C0 and C1 control characters, '.', '$' and space are not allowed in twin keys.
const FORBIDDEN_KEY_CHAR = /[\u0000-\u001f\u007f-\u009f.$ ]/;

/** Checks keys, depth and value sizes of a section (or a patch to it). */
export function checkTwinSection(section: TwinSection, value: unknown): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw argumentInvalid(`${SECTION_PATH[section]} must be a JSON object.`);
  }
  walk(value as Record<string, unknown>, SECTION_PATH[section], 1);
}

/** Checks the total size of a section after a change has been applied. */
export function checkTwinSectionSize(section: TwinSection, value: Record<string, unknown>): void {
  const size = Buffer.byteLength(JSON.stringify(value), "utf8");
  if (size > SECTION_LIMIT[section]) {
    throw argumentInvalid(
      `Twin ${SECTION_PATH[section]} size ${size} bytes exceeds the maximum allowed size of ${SECTION_LIMIT[section]} bytes.`,
    );
  }
}

function walk(obj: Record<string, unknown>, path: string, depth: number): void {
  if (depth > TWIN_LIMITS.maxDepth) {
    throw argumentInvalid(`Twin ${path} exceeds the maximum nesting depth of ${TWIN_LIMITS.maxDepth} levels.`);
  }
  for (const [key, child] of Object.entries(obj)) {
    checkKey(key, path);
    const childPath = `${path}.${key}`;
    if (child !== null && typeof child === "object" && !Array.isArray(child)) {
      walk(child as Record<string, unknown>, childPath, depth + 1);
    } else if (child !== null && child !== undefined) {
      const size = Buffer.byteLength(JSON.stringify(child), "utf8");
      if (size > TWIN_LIMITS.maxValueBytes) {
        throw argumentInvalid(`Twin property ${childPath} value is ${size} bytes; the maximum is ${TWIN_LIMITS.maxValueBytes} bytes.`);
      }
    }
  }
}

function checkKey(key: string, path: string): void {
  if (key.length === 0) throw argumentInvalid(`Twin ${path} contains an empty property name.`);
  if (Buffer.byteLength(key, "utf8") > TWIN_LIMITS.maxKeyBytes) {
    throw argumentInvalid(`Twin property name under ${path} exceeds ${TWIN_LIMITS.maxKeyBytes} bytes.`);
  }
  if (FORBIDDEN_KEY_CHAR.test(key)) {
    throw argumentInvalid(
      `Invalid property name '${key}' under ${path}: names cannot contain '.', '$', space or control characters.`,
    );
  }
}
