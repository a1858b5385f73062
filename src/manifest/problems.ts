// Every problem the loader can report, as data. The set of codes is closed: tests keep
// one fixture per code (test/fixtures/manifests/problems) and fail when a code has none.

export const PROBLEM_CODES = [
  // Files
  "E_PATH_NOT_FOUND", // a path given on the command line does not exist
  "E_FILE_UNREADABLE", // a manifest file exists but cannot be read
  // YAML
  "E_YAML_SYNTAX", // the text is not valid YAML
  "E_YAML_DUPLICATE_KEY", // a map has the same key twice
  // Schema (schemas/job.schema.json)
  "E_SCHEMA_REQUIRED", // a required property is missing
  "E_SCHEMA_UNKNOWN_PROPERTY", // a property the schema does not define
  "E_SCHEMA_TYPE", // wrong JSON type
  "E_SCHEMA_ENUM", // a value outside a fixed set (apiVersion, kind)
  "E_SCHEMA_PATTERN", // a string of the wrong shape (name, duration, startTime)
  "E_SCHEMA_FORMAT", // a string that has the right shape but is not a real date-time
  "E_SCHEMA_LIMIT", // a number, length, count or uniqueness bound
  "E_SCHEMA_NOT_ALLOWED", // a field that the job's kind does not take (twin on a method job)
  // Semantic checks the schema cannot express
  "E_DURATION_RANGE", // a duration outside its allowed range
  "E_DURATION_PRECISION", // a duration sent in whole seconds that is not a whole number of seconds
  "E_QUERY_SYNTAX", // the query condition does not parse
  "E_QUERY_TOO_LONG", // the compiled query condition exceeds 8192 characters
  "E_PAYLOAD_TOO_LARGE", // method payload over 128 KB serialized
  "E_NOT_JSON", // a value JSON cannot carry (NaN, Infinity)
  "E_TWIN_TOO_LARGE", // tags over 8 KB, desired over 32 KB, or one value over 4 KB
  "E_TWIN_TOO_DEEP", // twin object nested more than 10 levels
  "E_TWIN_KEY_INVALID", // a twin key with '.', '$', space, control characters or over 1 KB
  "E_START_TIME_TOO_FAR", // startTime more than 168 hours ahead
  "E_ROLLOUT_WAVE", // a wave with more than one condition, a duplicate name, or a wave without a condition that is not last
  "E_ROLLOUT_START", // a rollout with a startTime or completion.wait false: `pulumi up` drives the waves
  "E_DUPLICATE_NAME", // two manifests share metadata.name
  "E_NO_MANIFESTS", // the paths hold no .yaml/.yml file (a warning)
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];
export type Severity = "error" | "warning";

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  /** Path as given or relative to the working directory, with forward slashes. */
  file: string;
  /** 1-based; 0 when the problem concerns a whole path rather than a place in a file. */
  line: number;
  /** 1-based; 0 when line is 0. */
  column: number;
  /** JSON pointer into the document's data ("" for the document itself). */
  pointer: string;
  message: string;
  /** 0-based index of the YAML document within the file, when the problem is inside one. */
  documentIndex?: number;
}

/** `jobs/x.yaml:12:7: error E_CODE: message`, the line `hubjobs validate` prints. */
export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  return `${where}: ${p.severity} ${p.code}: ${p.message}`;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}

/** Files first, then position, so output reads top to bottom. */
export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}
