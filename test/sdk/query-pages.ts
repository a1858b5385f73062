// Reads a query page with the callback form the Microsoft samples use. The SDK's promise form
// `query.next()` (no arguments) drops the continuation token and re-reads the first page forever;
// the callback form `query.next(done)` sends the token from the previous page.
import type { IncomingMessage } from "node:http";

interface PagedQuery {
  hasMoreResults: boolean;
  next(done: (err: Error | undefined | null, result?: any, response?: IncomingMessage) => void): void;
}

export function nextPage(query: PagedQuery): Promise<{ result: any[]; response: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    query.next((err, result, response) => {
      if (err) reject(err);
      else resolve({ result: result as any[], response: response as IncomingMessage });
    });
  });
}

/** Every page of a query, with a bound so a hub that never ends paging fails the test instead of hanging it. */
export async function allPages(query: PagedQuery, maxPages = 1000): Promise<any[][]> {
  const pages: any[][] = [];
  while (query.hasMoreResults) {
    if (pages.length >= maxPages) throw new Error(`query still had more results after ${maxPages} pages`);
    pages.push((await nextPage(query)).result);
  }
  return pages;
}
