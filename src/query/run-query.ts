// Runs a parsed SELECT over rows the caller has already taken from the right collection (twins for
// `devices`, job rows for `devices.jobs`), shaping results as the service does:
//   SELECT *                          -> the matching rows themselves
//   SELECT a.b, c AS x                -> one object per row, {b, x}; a missing value leaves its key out
//   SELECT COUNT() AS n               -> [{n}]
//   SELECT p AS k, COUNT() AS n ... GROUP BY p -> one object per distinct p, in first-seen order
import type { Projection, Query } from "./ast.ts";
import { compileCondition, compileExpression, type Evaluator } from "./compile.ts";
import { canonicalPath } from "./paths.ts";

export type QueryRunner = (rows: Iterable<unknown>) => unknown[];

export function runQuery(query: Query, rows: Iterable<unknown>): unknown[] {
  return compileQuery(query)(rows);
}

/** Compiles once for running the same query over many row sets. */
export function compileQuery(query: Query): QueryRunner {
  const where = query.where === undefined ? () => true : compileCondition(query.where);
  const { select } = query;
  if (select === "*") return (rows) => filter(rows, where);
  const aggregated = query.groupBy.length > 0 || select.some((p) => p.kind === "count");
  if (!aggregated) {
    const project = projector(select);
    return (rows) => filter(rows, where).map(project);
  }
  return groupRunner(query, select, where);
}

function filter(rows: Iterable<unknown>, where: (doc: unknown) => boolean): unknown[] {
  const out: unknown[] = [];
  for (const row of rows) if (where(row)) out.push(row);
  return out;
}

function projector(select: Projection[]): (row: unknown) => Record<string, unknown> {
  const fields = select.map((p) => ({ name: p.name, get: p.kind === "path" ? compileExpression(p.path) : () => undefined }));
  return (row) => {
    const out: Record<string, unknown> = {};
    for (const { name, get } of fields) {
      const value = get(row);
      if (value !== undefined) out[name] = value;
    }
    return out;
  };
}

function groupRunner(query: Query, select: Projection[], where: (doc: unknown) => boolean): QueryRunner {
  const keys: Evaluator[] = query.groupBy.map((p) => compileExpression(p));
  const keyIndex = new Map(query.groupBy.map((p, i) => [canonicalPath(p.segments), i]));
  return (rows) => {
    const groups = new Map<string, { values: unknown[]; count: number }>();
    for (const row of rows) {
      if (!where(row)) continue;
      const values = keys.map((get) => get(row));
      // undefined is its own group (rows without the property), distinct from null.
      const id = JSON.stringify(values.map((v) => (v === undefined ? { undefined: true } : v)));
      const group = groups.get(id);
      if (group === undefined) groups.set(id, { values, count: 1 });
      else group.count++;
    }
    // COUNT() without GROUP BY counts every row as one group, even when none match.
    if (keys.length === 0 && groups.size === 0) groups.set("[]", { values: [], count: 0 });
    return [...groups.values()].map(({ values, count }) => {
      const out: Record<string, unknown> = {};
      for (const projection of select) {
        const value = projection.kind === "count" ? count : values[keyIndex.get(canonicalPath(projection.path.segments)) ?? -1];
        if (value !== undefined) out[projection.name] = value;
      }
      return out;
    });
  };
}
