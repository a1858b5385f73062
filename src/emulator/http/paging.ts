// Paging as the service does it: the client asks for at most `x-ms-max-item-count` items (the
// service caps pages at 100), and gets `x-ms-continuation` back only when more items remain.
import type { IncomingHttpHeaders } from "node:http";
import { argumentInvalid } from "../errors.ts";

export const MAX_PAGE_SIZE = 100;

export interface Page<T> {
  items: T[];
  /** Token for the next page; undefined on the last page (the header must then be absent). */
  continuation: string | undefined;
}

export interface PageRequest {
  /** Index of the first item of the page. */
  start: number;
  size: number;
}

export function readPageRequest(headers: IncomingHttpHeaders): PageRequest {
  return { start: continuationOffset(headers["x-ms-continuation"]), size: pageSize(headers["x-ms-max-item-count"]) };
}

/** A page from a stream: reads no further than one item past the page, so early pages are cheap. */
export function takePage<T>(items: Iterable<T>, { start, size }: PageRequest): Page<T> {
  const end = start + size;
  const page: T[] = [];
  let index = 0;
  for (const item of items) {
    if (index >= end) return { items: page, continuation: Buffer.from(JSON.stringify({ o: end })).toString("base64url") };
    if (index >= start) page.push(item);
    index++;
  }
  return { items: page, continuation: undefined };
}

function pageSize(header: string | string[] | undefined): number {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw === "") return MAX_PAGE_SIZE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw argumentInvalid(`Invalid x-ms-max-item-count '${raw}'.`);
  // "The service may use a different value if the value specified is not acceptable."
  return Math.min(n, MAX_PAGE_SIZE);
}

function continuationOffset(header: string | string[] | undefined): number {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw === "") return 0;
  try {
    const o = (JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { o?: unknown }).o;
    if (typeof o === "number" && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  throw argumentInvalid("Invalid x-ms-continuation token.");
}
