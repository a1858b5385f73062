import type { ErrorObject } from "ajv";
import { finding, type Finding } from "./finding.ts";
import { displayPath, joinPointer } from "./pointer.ts";

// Ajv's raw messages ("must match pattern ...") say what failed, not what to do. These say
// which field, what was written, and what is expected, in the manifest's own terms.

/** Ajv errors of one document -> findings, at most one per field and problem. */
export function schemaFindings(errors: readonly ErrorObject[], data: unknown): Finding[] {
  const out: Finding[] = [];
  const valueErrorAt = new Set<string>();
  // A field the kind does not take is reported once, not again for what is inside it.
  const notAllowed = errors.filter((e) => e.keyword === "false schema").map((e) => e.instancePath);
  for (const error of errors) {
    // "if" only says that a "then" failed; the "then" errors themselves follow.
    if (error.keyword === "if") continue;
    if (error.keyword !== "false schema" && notAllowed.some((p) => error.instancePath === p || error.instancePath.startsWith(`${p}/`))) continue;
    const result = toFinding(error, data);
    // One value-level problem per field: a malformed startTime fails both pattern and format.
    if (result.part === "value" && result.at === error.instancePath && !isMapLevel(error.keyword)) {
      if (valueErrorAt.has(error.instancePath)) continue;
      valueErrorAt.add(error.instancePath);
    }
    out.push(result);
  }
  return out;
}

const isMapLevel = (keyword: string) => keyword === "required" || keyword === "additionalProperties" || keyword === "minProperties" || keyword === "maxProperties";

function toFinding(error: ErrorObject, data: unknown): Finding {
  const path = error.instancePath;
  const field = displayPath(path);
  const params = error.params as Record<string, unknown>;
  const schemaPath = error.schemaPath;
  switch (error.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      const pointer = joinPointer(path, missing);
      const kind = kindOf(data);
      const message = schemaPath.startsWith("#/allOf/")
        ? `${displayPath(pointer)} is required for kind ${kind}`
        : `${path === "" ? "" : `${field}: `}missing required property "${missing}"`;
      // The missing property has no node: point at the map that should hold it.
      return finding("E_SCHEMA_REQUIRED", pointer, message, { at: path });
    }
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const pointer = joinPointer(path, extra);
      const allowed = Object.keys((error.parentSchema?.properties ?? {}) as object);
      const guess = closest(extra, allowed);
      const hint = guess ? `; did you mean "${guess}"?` : allowed.length ? `; expected one of ${allowed.join(", ")}` : "";
      return finding("E_SCHEMA_UNKNOWN_PROPERTY", pointer, `${displayPath(pointer)}: unknown property${hint}`, { part: "key" });
    }
    case "false schema": {
      const kind = kindOf(data);
      const other = path.endsWith("/twin") ? "spec.method" : "spec.twin";
      return finding("E_SCHEMA_NOT_ALLOWED", path, `${field} is not allowed in a ${kind}; it takes ${other}`, { part: "key" });
    }
    case "type":
      return finding("E_SCHEMA_TYPE", path, `${field}: expected ${withArticle(String(params.type))}, got ${describe(error.data)}`);
    case "const":
      return finding("E_SCHEMA_ENUM", path, `${field}: expected ${JSON.stringify(params.allowedValue)}, got ${describe(error.data)}`);
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ");
      return finding("E_SCHEMA_ENUM", path, `${field}: expected one of ${allowed}, got ${describe(error.data)}`);
    }
    case "pattern":
      return finding("E_SCHEMA_PATTERN", path, `${field}: ${describe(error.data)} ${patternHint(schemaPath)}`);
    case "format":
      return finding("E_SCHEMA_FORMAT", path, `${field}: ${describe(error.data)} is not a valid ${String(params.format)}`);
    case "minimum":
      return finding("E_SCHEMA_LIMIT", path, `${field}: ${String(error.data)} is below the minimum ${String(params.limit)}`);
    case "maximum":
      return finding("E_SCHEMA_LIMIT", path, `${field}: ${String(error.data)} is above the maximum ${String(params.limit)}`);
    case "minLength":
      return finding("E_SCHEMA_LIMIT", path, params.limit === 1 ? `${field}: must not be empty` : `${field}: must be at least ${String(params.limit)} characters long`);
    case "maxLength":
      return finding("E_SCHEMA_LIMIT", path, `${field}: must be at most ${String(params.limit)} characters long`);
    case "minItems":
      return finding("E_SCHEMA_LIMIT", path, `${field}: must list at least ${String(params.limit)} item${params.limit === 1 ? "" : "s"}`);
    case "maxItems":
      return finding("E_SCHEMA_LIMIT", path, `${field}: must list at most ${String(params.limit)} items`);
    case "uniqueItems": {
      // Ajv names the two equal items i and j; point at the later one, the repetition.
      const later = Math.max(Number(params.i), Number(params.j));
      const earlier = Math.min(Number(params.i), Number(params.j));
      const pointer = joinPointer(path, later);
      return finding("E_SCHEMA_LIMIT", pointer, `${displayPath(pointer)}: repeats item ${earlier} (${describe(Array.isArray(error.data) ? error.data[later] : undefined)})`);
    }
    case "minProperties":
    case "maxProperties":
      return finding("E_SCHEMA_LIMIT", path, `${field}: ${propertyCountHint(schemaPath, error.keyword, params.limit)}`);
    default:
      return finding("E_SCHEMA_LIMIT", path, `${field}: ${error.message ?? "is invalid"}`);
  }
}

function patternHint(schemaPath: string): string {
  if (schemaPath.includes("/duration/")) return "is not a duration: write a number and a unit, such as 30s, 5m, 1h or 500ms";
  if (schemaPath.includes("/startTime/")) return "is not a UTC date-time such as 2026-12-24T18:00:00Z";
  if (schemaPath.includes("/name/")) return "is not a valid name: use lowercase letters, digits and '-', start and end with a letter or digit, at most 55 characters (the job id adds 9)";
  return "has the wrong form";
}

function propertyCountHint(schemaPath: string, keyword: string, limit: unknown): string {
  if (schemaPath.includes("/target/")) return "give exactly one of deviceIds or query";
  if (schemaPath.includes("/twin/")) return "give at least one of tags or desired";
  return `must have ${keyword === "minProperties" ? "at least" : "at most"} ${String(limit)} properties`;
}

function kindOf(data: unknown): string {
  const kind = typeof data === "object" && data !== null ? (data as Record<string, unknown>).kind : undefined;
  return typeof kind === "string" ? kind : "job";
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** A short, quoted rendering of a value for messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}

/** The allowed name nearest to a misspelt one, when it is close enough to be a likely typo. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
