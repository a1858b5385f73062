import { parseAllDocuments, type Document } from "yaml";
import { describe, expect, it } from "vitest";
import { yamlDocuments } from "../../src/manifest/yaml-documents.ts";

const TEXT = `a: 1
b: [x, y]
---
c: 2
c: 3
bad: [unclosed
---
# only a comment
---
d: &anchor { e: 1 }
f: *anchor
`;

/** What the loader reads of a document: its data, and the code and offset of each error and warning. */
const seen = (doc: Document.Parsed) => ({
  data: doc.errors.length === 0 ? doc.toJS() : undefined,
  errors: doc.errors.map((e) => [e.code, e.pos[0]]),
  warnings: doc.warnings.map((w) => [w.code, w.pos[0]]),
  range: doc.range,
});

describe("yamlDocuments", () => {
  it("yields the documents parseAllDocuments returns, each already complete when it is yielded", () => {
    const expected = parseAllDocuments(TEXT, { prettyErrors: false, uniqueKeys: true }).map(seen);
    const streamed: ReturnType<typeof seen>[] = [];
    // Read each document before asking for the next: nothing may be added to it afterwards.
    for (const doc of yamlDocuments(TEXT)) streamed.push(seen(doc));
    expect(streamed).toEqual(expected);
    expect(streamed).toHaveLength(4);
    expect(streamed[1]!.errors.map(([code]) => code)).toContain("DUPLICATE_KEY");
    expect(streamed[3]!.data).toEqual({ d: { e: 1 }, f: { e: 1 } });
  });

  it("yields nothing for an empty text or one of comments only", () => {
    expect([...yamlDocuments("")]).toEqual([]);
    expect([...yamlDocuments("# nothing here\n")]).toEqual([]);
  });
});
