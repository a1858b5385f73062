// Matches a method and path against route patterns such as `/jobs/v2/{id}/cancel`.
// Patterns are compiled once; a literal segment beats a placeholder, so `/jobs/v2/query`
// is never taken for the job id "query".

export interface PatternRoute {
  method: string;
  pattern: string;
}

export type RouteMatch<R> =
  | { kind: "found"; route: R; params: Record<string, string> }
  | { kind: "wrong-method"; allowed: string[] }
  | { kind: "none" };

interface Compiled<R> {
  route: R;
  segments: string[];
  literalCount: number;
}

export class RouteTable<R extends PatternRoute> {
  #routes: Compiled<R>[] = [];

  constructor(routes: readonly R[] = []) {
    for (const r of routes) this.add(r);
  }

  add(route: R): void {
    const segments = splitPath(route.pattern);
    const literalCount = segments.filter((s) => !isPlaceholder(s)).length;
    this.#routes.push({ route, segments, literalCount });
    // Most specific first: more literal segments win over placeholders.
    this.#routes.sort((a, b) => b.literalCount - a.literalCount);
  }

  match(method: string, path: string): RouteMatch<R> {
    const parts = splitPath(path);
    const allowed: string[] = [];
    for (const c of this.#routes) {
      const params = matchSegments(c.segments, parts);
      if (!params) continue;
      if (c.route.method === method) return { kind: "found", route: c.route, params };
      allowed.push(c.route.method);
    }
    return allowed.length > 0 ? { kind: "wrong-method", allowed } : { kind: "none" };
  }
}

function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function isPlaceholder(segment: string): boolean {
  return segment.startsWith("{") && segment.endsWith("}");
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const part = parts[i]!;
    if (isPlaceholder(p)) {
      let value: string;
      try {
        value = decodeURIComponent(part);
      } catch {
        return undefined;
      }
      params[p.slice(1, -1)] = value;
    } else if (p.toLowerCase() !== part.toLowerCase()) {
      // The service treats its own path words case-insensitively (`/Jobs/V2` works too).
      return undefined;
    }
  }
  return params;
}
