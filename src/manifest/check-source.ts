import { isScalar, type Document } from "yaml";
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
import { yamlDocuments } from "./yaml-documents.ts";

/**
 * Where each metadata.name was first seen, shared by all files of one load. Line and column
 * rather than an offset: the registry outlives each file and keeps nothing of its positions.
 */
export type NameRegistry = Map<string, { file: string; line: number; column: number }>;

export interface SourceResult {
  manifests: LoadedManifest[];
  problems: Problem[];
}

/**
 * Every document of one file: YAML, schema and semantic checks, then compilation of the
 * documents without errors. Synchronous and in memory, so it can be benchmarked alone.
 * yaml's documents keep their nodes' ranges, which place every problem at its line and column.
 */
export function checkSource(file: string, text: string, context: SemanticContext, names: NameRegistry = new Map()): SourceResult {
  const result: SourceResult = { manifests: [], problems: [] };
  const source: Source = { file, positions: new SourcePositions(text), context, names };
  // One document at a time: a checked document (its nodes, ranges and tokens) is garbage as soon
  // as the next one is built; only the plain data and compiled job of valid ones are kept.
  let documentIndex = 0;
  for (const doc of yamlDocuments(text)) checkDocument(doc, documentIndex++, source, result);
  return result;
}

interface Source {
  file: string;
  positions: SourcePositions;
  context: SemanticContext;
  names: NameRegistry;
}

function checkDocument(doc: Document.Parsed, documentIndex: number, source: Source, result: SourceResult): void {
  const { file, positions } = source;
  const at = (offset: number | undefined) => ({ file, ...positions.at(offset ?? 0), documentIndex });
  for (const [severity, errors] of [["error", doc.errors], ["warning", doc.warnings]] as const) {
    for (const error of errors) {
      const code = error.code === "DUPLICATE_KEY" ? "E_YAML_DUPLICATE_KEY" : "E_YAML_SYNTAX";
      result.problems.push({ code, severity, ...at(error.pos[0]), pointer: "", message: error.message.split("\n")[0]! });
    }
  }
  if (doc.errors.length > 0) return; // nothing reliable to validate
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // yaml refuses alias expansion that would explode in size ("billion laughs").
    result.problems.push({ code: "E_YAML_SYNTAX", severity: "error", ...at(startOf(doc.contents)), pointer: "", message: (e as Error).message });
    return;
  }
  // An empty document (a trailing `---`, a file of comments) is not a manifest.
  if (data === null || data === undefined) return;
  const findings = [...schemaFindings(validateAgainstSchema(data), data), ...semanticFindings(data, source.context)];
  const duplicate = registerName(data, doc, file, positions, source.names);
  if (duplicate) findings.push(duplicate);
  for (const f of findings) result.problems.push(placeFinding(f, doc, positions, file, documentIndex));
  if (findings.some((f) => f.severity === "error")) return;
  const manifest = data as Manifest;
  result.manifests.push({ file, documentIndex, manifest, job: compileManifest(manifest) });
}

function registerName(data: unknown, doc: Document.Parsed, file: string, positions: SourcePositions, names: NameRegistry): Finding | undefined {
  const name = (data as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  if (typeof name !== "string") return undefined;
  const first = names.get(name);
  if (!first) {
    names.set(name, { file, ...positions.at(startOf(nodeAt(doc, "/metadata/name").node) ?? 0) });
    return undefined;
  }
  const { line, column } = first;
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
