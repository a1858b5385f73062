// Twin queries over a hub's devices, using the shared query language from src/query (never a second
// parser). Rows are streamed from the store so a query over 100,000 twins holds only its results.
import { compileCondition, formatQuerySyntaxError, MAX_QUERY_LENGTH, parseCondition, parseQuery, runQuery } from "../../query/index.ts";
import type { Query, QuerySyntaxError } from "../../query/index.ts";
import { argumentInvalid } from "../errors.ts";
import type { DeviceStore } from "../store/device-store.ts";
import { twinDocument } from "../twin/twin-document.ts";

function syntaxError(kind: string, e: QuerySyntaxError) {
  return argumentInvalid(`Invalid ${kind} at ${formatQuerySyntaxError(e)}`);
}

export function parseTwinQuery(text: unknown): Query {
  if (typeof text !== "string" || text.trim() === "") throw argumentInvalid("The query string is missing.");
  if (text.length > MAX_QUERY_LENGTH) throw argumentInvalid(`The query is ${text.length} characters long; the maximum is ${MAX_QUERY_LENGTH}.`);
  const parsed = parseQuery(text);
  if (!parsed.ok) throw syntaxError("query", parsed.error);
  return parsed.value;
}

export function queryTwins(store: DeviceStore, hub: string, query: Query): unknown[] {
  return runQuery(query, mapIterable(store.iterateTwins(hub), twinDocument));
}

/**
 * Matching twins as a lazy stream, for `SELECT *` (whole rows, no aggregation): paging then reads
 * only as far as the page it answers instead of evaluating every twin of the hub.
 */
export function* streamMatchingTwins(store: DeviceStore, hub: string, query: Query): Generator<unknown> {
  const test = query.where === undefined ? () => true : compileCondition(query.where);
  for (const record of store.iterateTwins(hub)) {
    const twin = twinDocument(record);
    if (test(twin)) yield twin;
  }
}

/** Device ids whose twin matches a job's WHERE condition now; `*` is every device. */
export function matchDeviceIds(store: DeviceStore, hub: string, condition: string): string[] {
  if (condition.trim() === "*") return store.ids(hub);
  const ids: string[] = [];
  const parsed = parseCondition(condition);
  if (!parsed.ok) throw syntaxError("query condition", parsed.error);
  const test = compileCondition(parsed.value);
  for (const record of store.iterateTwins(hub)) {
    if (test(twinDocument(record))) ids.push(record.identity.deviceId);
  }
  return ids;
}

function* mapIterable<T, U>(items: Iterable<T>, fn: (item: T) => U): Generator<U> {
  for (const item of items) yield fn(item);
}
