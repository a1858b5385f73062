// `npm run bench`: runs every bench/*.bench.ts as its own Node process (one at a time, so they do not
// compete for the 2 cores) and prints their figures. BENCH_QUICK=1 is passed through for a short run.
// Usage: node bench/run.ts [name-filter...]   e.g. node bench/run.ts preview
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();

if (files.length === 0) {
  console.error(`no bench/*.bench.ts matches ${filters.join(" ") || "(none present)"}`);
  process.exit(1);
}

const failed: string[] = [];
for (const file of files) {
  console.log(`\n=== ${file}${process.env.BENCH_QUICK ? " (BENCH_QUICK)" : ""} ===`);
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [path.join(benchDir, file)], { stdio: "inherit", env: process.env });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ok = result.status === 0;
  if (!ok) failed.push(file);
  console.log(`--- ${file}: ${ok ? "done" : `failed (exit ${result.status ?? result.signal})`} in ${seconds.toFixed(1)} s`);
}

console.log(`\n${files.length - failed.length} of ${files.length} benchmarks ran${failed.length ? `; failed: ${failed.join(", ")}` : ""}`);
process.exit(failed.length ? 1 : 0);
