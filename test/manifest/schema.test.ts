import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SCHEMA_URL } from "../../src/manifest/index.ts";
import { validateAgainstSchema } from "../../src/manifest/schema.ts";

type SchemaNode = Record<string, unknown>;
const schema = JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as SchemaNode;

/** Every field schema (a value of `properties`, an `items`, a `$defs` entry) with its location. */
function fields(node: SchemaNode, at: string, out: [string, SchemaNode][] = []): [string, SchemaNode][] {
  for (const key of ["properties", "$defs"] as const) {
    const children = node[key] as Record<string, SchemaNode> | undefined;
    for (const [name, child] of Object.entries(children ?? {})) {
      out.push([`${at}/${key}/${name}`, child]);
      fields(child, `${at}/${key}/${name}`, out);
    }
  }
  if (typeof node.items === "object") {
    out.push([`${at}/items`, node.items as SchemaNode]);
    fields(node.items as SchemaNode, `${at}/items`, out);
  }
  return out;
}

const all = fields(schema, "#");

/** A `{ "$ref": "#/$defs/x" }` field is documented by its definition, as editors show it. */
function documented(node: SchemaNode): SchemaNode {
  const ref = node.$ref;
  if (typeof ref !== "string" || typeof node.title === "string") return node;
  return (schema.$defs as Record<string, SchemaNode>)[ref.replace("#/$defs/", "")] ?? node;
}

describe("schemas/job.schema.json", () => {
  it("is JSON Schema 2020-12", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("gives every field a title, a description and examples, for editors", () => {
    const missing = all
      .map(([at, node]) => [at, documented(node)] as const)
      .filter(([, node]) => !(typeof node.title === "string" && typeof node.description === "string" && Array.isArray(node.examples) && node.examples.length > 0))
      .map(([at]) => at);
    expect(all.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it("closes every object that lists its properties", () => {
    const open = [["#", schema] as [string, SchemaNode], ...all].filter(([, node]) => node.properties && node.additionalProperties !== false).map(([at]) => at);
    expect(open).toEqual([]);
  });

  it("reports every schema error of an invalid document in one run, with the offending data", () => {
    const errors = validateAgainstSchema({ apiVersion: "hubjobs/v2", kind: "CopyJob", metadata: { name: "Bad_Name" }, spec: {}, extra: 1 });
    const paths = new Set(errors.map((e) => e.instancePath));
    for (const path of ["", "/apiVersion", "/kind", "/metadata/name", "/spec"]) expect(paths).toContain(path);
    expect(errors.find((e) => e.instancePath === "/metadata/name")?.data).toBe("Bad_Name");
  });

  it("accepts its own top-level examples", () => {
    for (const example of schema.examples as unknown[]) expect(validateAgainstSchema(example)).toEqual([]);
  });
});
