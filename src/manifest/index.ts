// The manifest module's public API: load (parse + validate + positions), compile, problems.
export { loadManifests, DEFAULT_MANIFEST_PATHS, type LoadResult } from "./load.ts";
export { checkSource, type NameRegistry, type SourceResult } from "./check-source.ts";
export { compileManifest, compileTarget } from "./compile.ts";
export { parseDuration, formatDuration, isDuration } from "./duration.ts";
export { formatProblem, hasErrors, compareProblems, PROBLEM_CODES, type Problem, type ProblemCode, type Severity } from "./problems.ts";
export { canonicalJson } from "../util/canonical-json.ts";
export { SCHEMA_URL } from "./schema.ts";
export type {
  CloudToDeviceMethod,
  CompiledJob,
  CompletionRules,
  JobKind,
  JobRequest,
  JsonObject,
  JsonValue,
  LoadedManifest,
  LoadMode,
  LoadOptions,
  Manifest,
  Target,
  UpdateTwin,
} from "./types.ts";
