// JSON pointers (RFC 6901) as Ajv reports them, and the dotted form people read in messages.

export function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  const segments = pointer.slice(1).split("/");
  // Escapes are rare (keys with '/' or '~'); skip the unescaping when there are none.
  return pointer.includes("~") ? segments.map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~")) : segments;
}

export function joinPointer(pointer: string, segment: string | number): string {
  return `${pointer}/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/**
 * "/spec/target/deviceIds/2" -> "spec.target.deviceIds[2]"; a key that would read ambiguously
 * after a dot is bracketed ("spec.twin.tags[\"a.b\"]"); the document itself -> "(document)".
 */
export function displayPath(pointer: string): string {
  let out = "";
  for (const segment of pointerSegments(pointer)) {
    if (/^(0|[1-9][0-9]*)$/.test(segment)) out += `[${segment}]`;
    else if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += `[${JSON.stringify(segment)}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out === "" ? "(document)" : out;
}
