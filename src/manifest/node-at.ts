import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import { pointerSegments } from "./pointer.ts";

/** A node found by JSON pointer: the value node, and the key node when it sits in a map. */
export interface Located {
  node: Node | null;
  key: Node | null;
  /** False when the pointer went further than the document: node is the deepest ancestor found. */
  exact: boolean;
}

/**
 * Walks a parsed YAML document along a JSON pointer (as Ajv reports it), so an error in the
 * data can be shown at the text that produced it.
 */
export function nodeAt(doc: Document, pointer: string): Located {
  let node = doc.contents as Node | null;
  let key: Node | null = null;
  for (const segment of pointerSegments(pointer)) {
    if (isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? node;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === segment);
      if (!pair) return { node, key, exact: false };
      key = pair.key as Node | null;
      // `key:` with nothing after it has no value node; the key is the best place to point.
      node = (pair.value as Node | null) ?? key;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (item === undefined) return { node, key, exact: false };
      key = null;
      node = item;
    } else {
      return { node, key, exact: false };
    }
  }
  return { node, key, exact: true };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === "string" ? key : undefined;
}

/** The source offset where a node starts, or undefined when it has no range. */
export function startOf(node: Node | null): number | undefined {
  return node?.range?.[0];
}
