// Parses whole statements: SELECT (projections, COUNT) FROM collection [WHERE] [GROUP BY], and the
// WHERE clause alone. Throws QueryFailure; the public ParseResult wrappers live in index.ts.
import type { Collection, Condition, PathExpression, Projection, Query } from "./ast.ts";
import { ExpressionParser, RESERVED } from "./parse-expression.ts";
import { canonicalPath } from "./paths.ts";
import type { Token } from "./tokens.ts";

export { MAX_NESTING } from "./parse-expression.ts";

const COLLECTIONS: ReadonlyMap<string, Collection> = new Map([
  ["devices", "devices"], ["devices.jobs", "devices.jobs"], ["devices.modules", "devices.modules"],
]);

/** Parses a whole statement; throws QueryFailure (callers use the ParseResult wrappers in index.ts). */
export function parseQueryText(text: string): Query {
  const parser = new Parser(text);
  const query = parser.query();
  parser.expectEnd("AND, OR, GROUP BY or end of input");
  return query;
}

/** Parses a WHERE clause alone; throws QueryFailure. */
export function parseConditionText(text: string): Condition {
  const parser = new Parser(text);
  const condition = parser.condition("a condition");
  parser.expectEnd("AND, OR or end of input");
  return condition;
}

class Parser extends ExpressionParser {
  query(): Query {
    this.expectKeyword("SELECT", "SELECT");
    let select: Query["select"];
    if (this.takePunctuator("*")) {
      select = "*";
    } else {
      select = [this.projection(0)];
      while (this.takePunctuator(",")) select.push(this.projection(select.length));
    }
    this.expectKeyword("FROM", select === "*" ? "FROM" : "',' or FROM");
    const from = this.collection();
    let where: Condition | undefined;
    if (this.takeKeyword("WHERE")) where = this.condition("a condition");
    const groupBy: PathExpression[] = [];
    const groupToken = this.peek();
    if (this.takeKeyword("GROUP")) {
      this.expectKeyword("BY", "BY");
      groupBy.push(this.path("a property path"));
      while (this.takePunctuator(",")) groupBy.push(this.path("a property path"));
    }
    this.checkProjections(select, groupBy, groupToken);
    return { select, from, where, groupBy };
  }

  private projection(index: number): Projection {
    const start = this.peek();
    if (start.kind === "identifier" && start.name.toUpperCase() === "COUNT" && this.peekAt(1).kind === "punctuator") {
      this.position++;
      this.expectPunctuator("(", "'('");
      this.expectPunctuator(")", "')' (COUNT takes no arguments)");
      const name = this.alias() ?? `$${index + 1}`;
      return { kind: "count", name, span: this.spanFrom(start) };
    }
    const path = this.path("'*', a property path or COUNT()");
    const name = this.alias() ?? (path.segments[path.segments.length - 1] as string);
    return { kind: "path", path, name, span: this.spanFrom(start) };
  }

  private alias(): string | undefined {
    if (!this.takeKeyword("AS")) return undefined;
    const token = this.peek();
    if (token.kind !== "identifier" || RESERVED.has(token.name.toUpperCase())) this.fail("a name");
    this.position++;
    return token.name;
  }

  private collection(): Collection {
    const start = this.peek();
    const path = this.path("devices, devices.jobs or devices.modules");
    const collection = COLLECTIONS.get(path.segments.join(".").toLowerCase());
    if (collection === undefined) {
      throw this.error("E_QUERY_UNKNOWN_COLLECTION", path, `expected devices, devices.jobs or devices.modules after 'FROM' but found '${this.text.slice(start.offset, path.offset + path.length)}'`);
    }
    return collection;
  }

  /** COUNT() and GROUP BY make each result row a group, so only grouped paths can be selected beside them. */
  private checkProjections(select: Query["select"], groupBy: PathExpression[], groupToken: Token): void {
    if (select === "*") {
      if (groupBy.length > 0) throw this.error("E_QUERY_INVALID_PROJECTION", groupToken, "GROUP BY needs a projection list, not SELECT *");
      return;
    }
    const names = new Set<string>();
    for (const projection of select) {
      if (names.has(projection.name)) throw this.error("E_QUERY_INVALID_PROJECTION", projection.span, `the result name '${projection.name}' is used twice; give one of them another name with AS`);
      names.add(projection.name);
    }
    const aggregated = groupBy.length > 0 || select.some((p) => p.kind === "count");
    if (!aggregated) return;
    const grouped = new Set(groupBy.map((p) => pathKey(p)));
    for (const projection of select) {
      if (projection.kind === "path" && !grouped.has(pathKey(projection.path))) {
        throw this.error("E_QUERY_INVALID_PROJECTION", projection.path, `'${projection.path.segments.join(".")}' must be listed in GROUP BY to be selected beside COUNT()`);
      }
    }
  }
}

function pathKey(path: PathExpression): string {
  return canonicalPath(path.segments);
}
