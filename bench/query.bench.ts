// Query evaluation speed: the compiled condition (src/query/compile.ts, the only evaluator) against an
// equivalent hand-written JavaScript filter over the same 100,000 generated twins (BENCH_QUICK=1: 10,000).
// Target: at most 3x the hand-written time; the ratio is printed.
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

const TARGETED_IDS = Array.from({ length: 100 }, (_, i) => `device-${i * 997}`);
const TARGETED = new Set(TARGETED_IDS);

/** Each condition beside the same filter written by hand, with the checks a careful JavaScript author would make. */
const SCENARIOS: Array<{ condition: string; handWritten: (t: Twin) => boolean }> = [
  {
    condition: CONDITION,
    handWritten: (t) => {
      const fw = t.properties?.reported?.fw;
      return t.tags?.building === "43" && typeof fw === "number" && fw < 2 && t.status !== "disabled";
    },
  },
  {
    // What a job targeting a device list sends (see deviceIdsCondition).
    condition: `deviceId IN [${TARGETED_IDS.map((id) => `'${id}'`).join(",")}]`,
    handWritten: (t) => TARGETED.has(t.deviceId),
  },
];

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
console.log(`query: ${count} twins, median of ${rounds} alternating passes`);
let worst = 0;
for (const { condition, handWritten } of SCENARIOS) {
  const parsed = parseCondition(condition);
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
  for (let r = 0; r < rounds; r++) {
    const h = passHand(twins);
    const q = passCompiled(twins);
    if (h.matched !== q.matched) throw new Error(`results differ for ${condition}: hand-written ${h.matched}, compiled ${q.matched}`);
    handSamples.push(h.ms);
    querySamples.push(q.ms);
  }
  const hand = median(handSamples);
  const query = median(querySamples);
  const ratio = query / hand;
  worst = Math.max(worst, ratio);
  console.log(`query: condition: ${condition.length > 90 ? `${condition.slice(0, 87)}...` : condition}`);
  console.log(`query:   matched ${passHand(twins).matched}; hand-written ${hand.toFixed(2)} ms, compiled ${query.toFixed(2)} ms, ratio ${ratio.toFixed(2)}x`);
}
console.log(`query: worst ratio ${worst.toFixed(2)}x (target <= 3x) ${worst <= 3 ? "OK" : "OVER TARGET"}`);

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

console.log(`query: parse ${parseUs.toFixed(1)} us per condition`);
console.log(`query: GROUP BY with COUNT over ${count} twins ${groupMs.toFixed(2)} ms`);
