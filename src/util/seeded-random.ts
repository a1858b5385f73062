/**
 * mulberry32: a tiny, fast PRNG, good enough to spread simulated fleets and generated test inputs.
 * The same seed always gives the same sequence, so a generated fleet or a failing property test
 * replays identically.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
