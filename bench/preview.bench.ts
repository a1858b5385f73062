// The real engine's cost per manifest: a no-op `pulumi preview` with 10 and with 200 manifests applied
// (target: 200 costs at most 3x 10), and the state bytes each job resource takes (target: <= 20 KB).
// Needs the engine (scripts/setup-pulumi.sh). BENCH_QUICK=1: 10 vs 50 manifests, one timed run each.
//   node bench/preview.bench.ts
import { E2EProject, checkEngine, twinJob } from "../test/e2e/harness.ts";

const quick = process.env.BENCH_QUICK === "1";
const SMALL = 10;
const LARGE = quick ? 50 : 200;
const RUNS = quick ? 1 : 3;

const engine = checkEngine();
if (!engine.binDir) {
  console.log(`preview bench skipped: ${engine.missing}`);
  process.exit(0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Applies `count` manifests, then times no-op previews; returns seconds and state bytes per job. */
async function measure(count: number): Promise<{ seconds: number; runs: number[]; bytesPerJob: { mean: number; max: number } }> {
  // S3: ten jobs at once. Each job targets a device that does not exist, so it ends as soon as it
  // starts: the bench measures the engine and the program, not the fleet.
  const project = await E2EProject.create(engine.binDir!, { tier: "S3" });
  try {
    for (let i = 0; i < count; i++) {
      const name = `bench-${String(i).padStart(3, "0")}`;
      project.writeManifest(`${name}.yaml`, twinJob(name, `deviceId = 'absent-${i}'`, { bench: String(i) }));
    }
    await project.pulumiOk(["up", "--yes", "--parallel", "16"]);
    const seconds: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = process.hrtime.bigint();
      await project.pulumiOk(["preview", "--expect-no-changes"]);
      seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    }
    const exported = JSON.parse((await project.pulumiOk(["stack", "export"])).stdout) as {
      deployment: { resources?: { type: string }[] };
    };
    const sizes = (exported.deployment.resources ?? []).filter((r) => r.type.endsWith(":Job")).map((r) => Buffer.byteLength(JSON.stringify(r)));
    return {
      seconds: median(seconds),
      runs: seconds,
      bytesPerJob: { mean: sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length), max: Math.max(0, ...sizes) },
    };
  } finally {
    await project.dispose();
  }
}

const small = await measure(SMALL);
const large = await measure(LARGE);
const ratio = large.seconds / small.seconds;
// Every run is printed, not only the median: on a shared machine the spread says how far to trust it.
const runs = (r: { runs: number[] }) => r.runs.map((s) => s.toFixed(2)).join(", ");
console.log(`no-op preview, ${SMALL} manifests:  ${small.seconds.toFixed(2)} s (median of ${RUNS}; runs ${runs(small)})`);
console.log(`no-op preview, ${LARGE} manifests: ${large.seconds.toFixed(2)} s (median of ${RUNS}; runs ${runs(large)})`);
console.log(`ratio ${LARGE}/${SMALL}: ${ratio.toFixed(2)}x (target <= 3x${quick ? " at 200" : ""})`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`state per job resource: mean ${kb(large.bytesPerJob.mean)}, max ${kb(large.bytesPerJob.max)} (target <= 20 KB)`);
