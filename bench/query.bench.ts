// Query evaluation speed: the compiled condition against an equivalent hand-written JavaScript filter
// over the same 100,000 generated twins (BENCH_QUICK=1: 10,000). Target: at most 3x the hand-written time.
// Run: node bench/query.bench.ts
import { compileCondition, compileQuery, parseCondition, parseQuery } from "../src/query/index.ts";

const quick = process.env.BENCH_QUICK === "1";
const count = quick ? 10_000 : 100_000;
const rounds = quick ? 7 : 15;

const CONDITION = "tags.building = '43' AND properties.reported.fw < 2 AND NOT (status = 'disabled')";

interface Twin {
  deviceId: string;
  status: string;
  connectionState: string;
  tags: { building?: string; floor?: number };
  properties: { desired: Record<string, unknown>; reported: { fw?: number; temperature?: number } };
}

function generateTwins(n: number): Twin[] {
  // A deterministic spread: ~1/5 in building 43, some without fw or building, ~1/10 disabled.
  const twins: Twin[] = [];
  for (let i = 0; i < n; i++) {
    const tags: Twin["tags"] = { floor: i % 7 };
    if (i % 13 !== 0) tags.building = String(40 + (i % 5));
    const reported: Twin["properties"]["reported"] = { temperature: 15 + (i % 20) };
    if (i % 11 !== 0) reported.fw = (i % 4) * 0.75;
    twins.push({
      deviceId: `device-${i}`,
      status: i % 10 === 0 ? "disabled" : "enabled",
      connectionState: i % 3 === 0 ? "Disconnected" : "Connected",
      tags,
      properties: { desired: { $version: 1 }, reported },
    });
  }
  return JSON.parse(JSON.stringify(twins)) as Twin[]; // shaped like twins read from storage or the wire
}

/** The same condition written by hand, with the checks a careful JavaScript author would make. */
function handWritten(t: Twin): boolean {
  const fw = t.properties?.reported?.fw;
  return t.tags?.building === "43" && typeof fw === "number" && fw < 2 && t.status !== "disabled";
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * One timed pass over all twins. Each filter gets its own copy of the loop (a fresh function per call
 * of makePass) so neither call site is shared: the hand-written filter can be inlined into its loop,
 * the strictest baseline.
 */
function makePass(filter: (t: Twin) => boolean): (twins: Twin[]) => { ms: number; matched: number } {
  return new Function("filter", `return function pass(twins) {
    const start = performance.now();
    let matched = 0;
    for (let i = 0; i < twins.length; i++) if (filter(twins[i])) matched++;
    return { ms: performance.now() - start, matched };
  };`)(filter);
}

const twins = generateTwins(count);
const parsed = parseCondition(CONDITION);
if (!parsed.ok) throw new Error(parsed.error.message);
const compiled = compileCondition(parsed.value);

// Warm both up so the JIT has compiled each, then alternate them so machine noise hits both alike.
const passHand = makePass(handWritten);
const passCompiled = makePass(compiled);
for (let r = 0; r < 3; r++) {
  passHand(twins);
  passCompiled(twins);
}
const handSamples: number[] = [];
const querySamples: number[] = [];
const hand = { ms: 0, matched: 0 };
const query = { ms: 0, matched: 0 };
for (let r = 0; r < rounds; r++) {
  const h = passHand(twins);
  const q = passCompiled(twins);
  handSamples.push(h.ms);
  querySamples.push(q.ms);
  hand.matched = h.matched;
  query.matched = q.matched;
}
hand.ms = median(handSamples);
query.ms = median(querySamples);
if (hand.matched !== query.matched) throw new Error(`results differ: hand-written ${hand.matched}, compiled ${query.matched}`);

const parseStart = performance.now();
const parseRuns = quick ? 2_000 : 20_000;
for (let i = 0; i < parseRuns; i++) parseCondition(CONDITION);
const parseUs = ((performance.now() - parseStart) / parseRuns) * 1000;

const grouped = parseQuery("SELECT tags.building AS building, COUNT() AS n FROM devices WHERE properties.reported.fw < 2 GROUP BY tags.building");
if (!grouped.ok) throw new Error(grouped.error.message);
const groupRunner = compileQuery(grouped.value);
groupRunner(twins);
const groupStart = performance.now();
groupRunner(twins);
const groupMs = performance.now() - groupStart;

const ratio = query.ms / hand.ms;
console.log(`query: ${count} twins, condition: ${CONDITION}`);
console.log(`query: matched ${query.matched} twins`);
console.log(`query: hand-written filter  ${hand.ms.toFixed(2)} ms`);
console.log(`query: compiled condition   ${query.ms.toFixed(2)} ms`);
console.log(`query: ratio ${ratio.toFixed(2)}x (target <= 3x) ${ratio <= 3 ? "OK" : "OVER TARGET"}`);
console.log(`query: parse ${parseUs.toFixed(1)} us per condition`);
console.log(`query: GROUP BY with COUNT over ${count} twins ${groupMs.toFixed(2)} ms`);
