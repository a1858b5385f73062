// If-Match handling as the service does it: `*` matches anything, otherwise the quoted etag
// (a bare etag is tolerated) must equal the current one, else 412 PreconditionFailed.
import { preconditionFailed } from "../errors.ts";

export function checkIfMatch(ifMatch: string | string[] | undefined, currentEtag: string): void {
  if (ifMatch === undefined) return;
  const value = (Array.isArray(ifMatch) ? ifMatch[0] ?? "" : ifMatch).trim();
  if (value === "*") return;
  const bare = value.replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
  if (bare !== currentEtag) throw preconditionFailed(`Precondition failed: the etag '${bare}' does not match the current etag.`);
}

export function quoteEtag(etag: string): string {
  return `"${etag}"`;
}
