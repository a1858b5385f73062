import type { NameRegistry, SourceResult } from "./check-source.ts";
import { compileManifest } from "./compile.ts";
import { parseFastYaml } from "./fast-yaml/parse.ts";
import { passesSchema } from "./schema.ts";
import { semanticFindings, type SemanticContext } from "./semantic-checks.ts";
import type { LoadedManifest, Manifest } from "./types.ts";

const NAME_PATH = ["metadata", "name"] as const;

/**
 * The fast path of checkSource, for a file whose every document is a valid manifest, as
 * almost every file is: read by the fast YAML reader, checked, compiled, and its names
 * registered. Undefined, with nothing registered, as soon as anything is not plainly fine
 * (YAML outside the fast subset, a schema or semantic problem, even a warning, a name seen
 * before): the full path then reads the file again and reports every problem with its place.
 */
export function checkSourceFast(file: string, text: string, context: SemanticContext, names: NameRegistry): SourceResult | undefined {
  const documents = parseFastYaml(text, NAME_PATH);
  if (!documents) return undefined;
  const manifests: LoadedManifest[] = [];
  const fileNames = new Map<string, { line: number; column: number }>();
  for (let documentIndex = 0; documentIndex < documents.length; documentIndex++) {
    const { data, watched } = documents[documentIndex]!;
    if (data === null) continue; // an empty document is not a manifest
    if (!passesSchema(data) || semanticFindings(data, context).length > 0) return undefined;
    const manifest = data as Manifest;
    const name = manifest.metadata.name;
    if (watched === undefined || names.has(name) || fileNames.has(name)) return undefined;
    fileNames.set(name, watched);
    manifests.push({ file, documentIndex, manifest, job: compileManifest(manifest) });
  }
  for (const [name, at] of fileNames) names.set(name, { file, ...at });
  return { manifests, problems: [] };
}
