import { finding, type Finding } from "./finding.ts";
import { MAX_TWIN_DEPTH, MAX_TWIN_KEY_BYTES, MAX_TWIN_VALUE_BYTES } from "./limits.ts";
import { displayPath, joinPointer } from "./pointer.ts";

// Walks free-form JSON (method payloads, twin patches). YAML can express values JSON cannot
// (.nan, .inf); the service would see them as null, so they are refused.

/** NaN and Infinity anywhere under `value`. */
export function nonJsonFindings(value: unknown, pointer: string, out: Finding[]): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) out.push(finding("E_NOT_JSON", pointer, `${displayPath(pointer)}: ${String(value)} cannot be sent as JSON`));
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => nonJsonFindings(item, joinPointer(pointer, i), out));
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) nonJsonFindings(item, joinPointer(pointer, key), out);
  }
}

// '.', '$', space and control characters are reserved in twin property names.
const INVALID_TWIN_KEY = /[.$ \u0000-\u001f\u007f]/;

/** Twin key rules, value size and nesting depth under a twin section (tags or desired). */
export function twinShapeFindings(section: Record<string, unknown>, pointer: string, out: Finding[]): void {
  walkTwin(section, pointer, 0, out);
}

function walkTwin(value: unknown, pointer: string, depth: number, out: Finding[]): void {
  if (typeof value === "string") {
    const bytes = Buffer.byteLength(value);
    if (bytes > MAX_TWIN_VALUE_BYTES) {
      out.push(finding("E_TWIN_TOO_LARGE", pointer, `${displayPath(pointer)}: value is ${bytes} bytes; a twin property value may be at most ${MAX_TWIN_VALUE_BYTES}`));
    }
    return;
  }
  if (typeof value !== "object" || value === null) {
    if (typeof value === "number" && !Number.isFinite(value)) out.push(finding("E_NOT_JSON", pointer, `${displayPath(pointer)}: ${String(value)} cannot be sent as JSON`));
    return;
  }
  // The section itself is depth 0; each nested object or list below it is one level deeper.
  if (depth > MAX_TWIN_DEPTH) {
    out.push(finding("E_TWIN_TOO_DEEP", pointer, `${displayPath(pointer)}: nested ${depth} levels deep; twin objects may nest at most ${MAX_TWIN_DEPTH} levels`));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkTwin(item, joinPointer(pointer, i), depth + 1, out));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const child = joinPointer(pointer, key);
    const keyProblem = twinKeyProblem(key);
    if (keyProblem) out.push(finding("E_TWIN_KEY_INVALID", child, `${displayPath(child)}: twin key ${JSON.stringify(key)} ${keyProblem}`, { part: "key" }));
    walkTwin(item, child, depth + 1, out);
  }
}

function twinKeyProblem(key: string): string | undefined {
  const invalid = INVALID_TWIN_KEY.exec(key);
  if (invalid) return `contains ${JSON.stringify(invalid[0])}; twin keys may not contain '.', '$', spaces or control characters`;
  if (key === "") return "is empty";
  const bytes = Buffer.byteLength(key);
  if (bytes > MAX_TWIN_KEY_BYTES) return `is ${bytes} bytes; twin keys may be at most ${MAX_TWIN_KEY_BYTES}`;
  return undefined;
}
