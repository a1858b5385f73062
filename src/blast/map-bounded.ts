// Runs an async function over a list with at most `limit` calls in flight, keeping the input order.
// Blast-radius counting uses it: round trips overlap, while a hub's query throttle (S1/S2: 20 a
// minute) is not hit by hundreds of requests at once.

export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    // After a failure the other workers finish their current item and stop taking new ones.
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
