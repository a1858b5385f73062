// If-Match handling as the service does it: `*` matches anything (the Node SDK sends it quoted,
// `"*"`, which the service treats the same), otherwise the quoted etag (a bare etag is tolerated)
// must equal the current one, else 412 PreconditionFailed.
import { preconditionFailed } from "../errors.ts";

/** The etag an If-Match header names, without quotes or weak marker; undefined when absent. */
export function ifMatchEtag(ifMatch: string | string[] | undefined): string | undefined {
  if (ifMatch === undefined) return undefined;
  const value = (Array.isArray(ifMatch) ? ifMatch[0] ?? "" : ifMatch).trim();
  return value.replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
}

export function isWildcard(ifMatch: string | string[] | undefined): boolean {
  return ifMatchEtag(ifMatch) === "*";
}

export function checkIfMatch(ifMatch: string | string[] | undefined, currentEtag: string): void {
  const etag = ifMatchEtag(ifMatch);
  if (etag === undefined || etag === "*") return;
  if (etag !== currentEtag) throw preconditionFailed(`Precondition failed: the etag '${etag}' does not match the current etag.`);
}

export function quoteEtag(etag: string): string {
  return `"${etag}"`;
}
