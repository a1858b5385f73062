import { isScalar, parseAllDocuments, type Document, type YAMLError } from "yaml";
import { compileManifest } from "./compile.ts";
import type { Finding } from "./finding.ts";
import { nodeAt, startOf } from "./node-at.ts";
import type { Problem } from "./problems.ts";
import { sourceOffsetOfValueIndex } from "./scalar-offsets.ts";
import { validateAgainstSchema } from "./schema.ts";
import { schemaFindings } from "./schema-messages.ts";
import { semanticFindings, type SemanticContext } from "./semantic-checks.ts";
import { SourcePositions } from "./source-positions.ts";
import type { LoadedManifest, Manifest } from "./types.ts";

/** Where each metadata.name was first seen, shared by all files of one load. */
export type NameRegistry = Map<string, { file: string; offset: number; positions: SourcePositions }>;

export interface SourceResult {
  manifests: LoadedManifest[];
  problems: Problem[];
}

/**
 * Every document of one file: YAML, schema and semantic checks, then compilation of the
 * documents without errors. Synchronous and in memory, so it can be benchmarked alone.
 */
export function checkSource(file: string, text: string, context: SemanticContext, names: NameRegistry = new Map()): SourceResult {
  const positions = new SourcePositions(text);
  const manifests: LoadedManifest[] = [];
  const problems: Problem[] = [];
  // prettyErrors off: yaml would otherwise count lines for the whole text up front.
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  list.forEach((doc, documentIndex) => {
    const yamlProblems = [...doc.errors.map((e) => yamlProblem(e, "error")), ...doc.warnings.map((e) => yamlProblem(e, "warning"))];
    problems.push(...yamlProblems);
    if (doc.errors.length > 0) return; // nothing reliable to validate
    const data: unknown = doc.toJS();
    // An empty document (a trailing `---`, a file of comments) is not a manifest.
    if (data === null || data === undefined) return;
    const findings = [...schemaFindings(validateAgainstSchema(data), data), ...semanticFindings(data, context)];
    const duplicate = registerName(data, doc, file, positions, names);
    if (duplicate) findings.push(duplicate);
    for (const f of findings) problems.push(placeFinding(f, doc, positions, file, documentIndex));
    if (findings.some((f) => f.severity === "error")) return;
    const manifest = data as Manifest;
    manifests.push({ file, documentIndex, manifest, job: compileManifest(manifest) });

    function yamlProblem(error: YAMLError, severity: Problem["severity"]): Problem {
      const { line, column } = positions.at(error.pos[0]);
      const code = error.code === "DUPLICATE_KEY" ? "E_YAML_DUPLICATE_KEY" : "E_YAML_SYNTAX";
      return { code, severity, file, line, column, pointer: "", message: error.message.split("\n")[0]!, documentIndex };
    }
  });
  return { manifests, problems };
}

function registerName(data: unknown, doc: Document.Parsed, file: string, positions: SourcePositions, names: NameRegistry): Finding | undefined {
  const name = (data as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  if (typeof name !== "string") return undefined;
  const first = names.get(name);
  if (!first) {
    names.set(name, { file, offset: startOf(nodeAt(doc, "/metadata/name").node) ?? 0, positions });
    return undefined;
  }
  const { line, column } = first.positions.at(first.offset);
  const pointer = "/metadata/name";
  return { code: "E_DUPLICATE_NAME", severity: "error", pointer, at: pointer, part: "value",
    message: `metadata.name: "${name}" is already used by ${first.file}:${line}:${column}; names must be unique across all manifests` };
}

function placeFinding(f: Finding, doc: Document.Parsed, positions: SourcePositions, file: string, documentIndex: number): Problem {
  const located = nodeAt(doc, f.at);
  const node = f.part === "key" && located.exact ? (located.key ?? located.node) : located.node;
  let offset = startOf(node) ?? startOf(doc.contents) ?? 0;
  if (f.valueOffset !== undefined && isScalar(node)) offset = sourceOffsetOfValueIndex(positions.text, node, f.valueOffset) ?? offset;
  const { line, column } = positions.at(offset);
  return { code: f.code, severity: f.severity, file, line, column, pointer: f.pointer, message: f.message, documentIndex };
}
