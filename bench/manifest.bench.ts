// Manifest benchmark: 10,000 documents in 100 files validated and compiled (YAML parse with
// `yaml`, schema, limits, query parse, compile), beside plain `yaml` parsing of the same text.
// Target (issue 13): 10,000 documents validated and compiled in at most 2 s, end to end from disk
// (`loadManifests`, what `hubjobs validate` and the Pulumi program run); peak RSS is printed.
// Run: node bench/manifest.bench.ts   (BENCH_QUICK=1 for 1,000 documents and fewer rounds)
//
// How it measures, so that figures from a shared, loaded machine can be trusted:
// - every phase runs in its own child process, one after the other: one process per phase for
//   timing (a cold first run, then the median of ROUNDS runs, wall and CPU time), and another that
//   makes exactly one cold pass, whose peak RSS is that phase's memory figure;
// - CPU time (user + system of that process, GC threads included) is printed beside wall time:
//   on a machine other work is using, wall time grows while CPU time stays put;
// - the load average is printed before and after; the files for the end-to-end load are written
//   before the clock starts.
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { cpuUsage, resourceUsage } from "node:process";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { checkSource, loadManifests, type NameRegistry } from "../src/manifest/index.ts";

const QUICK = process.env.BENCH_QUICK === "1";
const DOCUMENTS = QUICK ? 1_000 : 10_000;
const PER_FILE = 100;
const ROUNDS = QUICK ? 3 : 5;
const NOW = new Date("2026-11-26T00:00:00Z");
const TARGET_MS = 2_000; // for DOCUMENTS = 10,000

/** Realistic documents: the shapes of the examples in jobs/, with varied names and values. */
function documentText(i: number): string {
  const header = `# yaml-language-server: $schema=../schemas/job.schema.json\napiVersion: hubjobs/v1\n`;
  switch (i % 3) {
    case 0:
      return `${header}kind: DeviceMethodJob
metadata:
  name: lock-doors-device-${i}
  description: Lock the door of Device-${i}
  labels: { team: facilities }
spec:
  target:
    deviceIds: [Device-${i}, Device-${i + 1}]
  method:
    name: LockDoor
    payload: { reason: after-hours, force: ${i % 2 === 0} }
    responseTimeout: 5s
    connectTimeout: 5s
  schedule:
    maxExecutionTime: 2m
`;
    case 1:
      return `${header}kind: TwinUpdateJob
metadata:
  name: locate-device-${i}
spec:
  target:
    deviceIds: [Device-${i}]
  twin:
    tags:
      Building: "${i % 50}"
      Floor: "${i % 7}"
    desired:
      LocationUpdate: "2026-11-26T00:00:00Z"
  schedule:
    maxExecutionTime: 2m
`;
    default:
      return `${header}kind: DeviceMethodJob
metadata:
  name: lock-building-${i}
spec:
  target:
    query: "tags.Building = '${i % 50}' AND tags.Floor = '${i % 7}' AND properties.reported.fw < 2"
  method:
    name: LockDoor
    responseTimeout: 10s
  schedule:
    startTime: 2026-11-27T02:00:00Z
    maxExecutionTime: 10m
  completion:
    maxFailedPercent: 10
`;
  }
}

/** The files: PER_FILE documents each; with `invalid`, the middle one of each has an unknown field. */
function buildTexts(invalid: boolean): string[] {
  const files: string[] = [];
  for (let start = 0; start < DOCUMENTS; start += PER_FILE) {
    const docs: string[] = [];
    for (let i = start; i < Math.min(start + PER_FILE, DOCUMENTS); i++) {
      const bad = invalid && i % PER_FILE === PER_FILE / 2;
      docs.push(bad ? `${documentText(i)}  retries: 3\n` : documentText(i));
    }
    files.push(docs.join("---\n"));
  }
  return files;
}
const texts = buildTexts(false);
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const CONTEXT = { now: NOW, mode: "validate" } as const;

/** Plain yaml as most code calls it: the floor under any validation. */
function plainParse(): number {
  let n = 0;
  for (const text of texts) {
    for (const doc of parseAllDocuments(text, { prettyErrors: false })) {
      doc.toJS();
      n++;
    }
  }
  return n;
}

function validateAndCompile(): number {
  const names: NameRegistry = new Map();
  let n = 0;
  texts.forEach((text, i) => {
    const result = checkSource(`jobs/bench-${i}.yaml`, text, CONTEXT, names);
    if (result.problems.length > 0) throw new Error(`benchmark documents must be valid: ${result.problems[0]!.message}`);
    n += result.manifests.length;
  });
  return n;
}

/** One invalid document in every file: every file has a problem to place. */
let invalidTexts: string[] | undefined;
function validateWithProblems(): number {
  invalidTexts ??= buildTexts(true);
  const names: NameRegistry = new Map();
  let n = 0;
  invalidTexts.forEach((text, i) => {
    const result = checkSource(`jobs/bench-${i}.yaml`, text, CONTEXT, names);
    const problem = result.problems[0];
    if (result.problems.length !== 1 || problem?.code !== "E_SCHEMA_UNKNOWN_PROPERTY" || problem.line < 2) {
      throw new Error(`expected one placed problem per file, got ${JSON.stringify(result.problems)}`);
    }
    n += result.manifests.length + 1;
  });
  return n;
}

/** Written once per process, before any timing; removed when the process ends. */
let diskDir: string | undefined;
function writeFiles(): string {
  if (diskDir) return diskDir;
  const dir = mkdtempSync(path.join(tmpdir(), "hubjobs-bench-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, "jobs"));
  texts.forEach((text, i) => writeFileSync(path.join(dir, "jobs", `bench-${String(i).padStart(4, "0")}.yaml`), text));
  diskDir = dir;
  return dir;
}

async function loadFromDisk(): Promise<number> {
  const result = await loadManifests(["jobs"], { cwd: writeFiles(), now: NOW });
  if (result.problems.length > 0) throw new Error(`benchmark documents must be valid: ${result.problems[0]!.message}`);
  return result.manifests.length;
}

interface Phase {
  label: string;
  run: () => number | Promise<number>;
  prepare?: () => unknown;
}

const PHASES: Record<string, Phase> = {
  idle: { label: "a process that only builds the text", run: () => DOCUMENTS },
  plain: { label: "plain yaml: parseAllDocuments + toJS", run: plainParse },
  validate: { label: "validate + compile (checkSource)", run: validateAndCompile },
  problems: { label: "the same, 1 invalid document in every file", run: validateWithProblems },
  load: { label: "loadManifests from disk (end to end)", run: loadFromDisk, prepare: writeFiles },
};

interface Timing { wallMs: number; cpuMs: number; firstWallMs: number; firstCpuMs: number }
interface Memory { maxRssMb: number }

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** In a child: a cold first run (Ajv compiles the schema here), then ROUNDS timed runs; medians of wall and CPU time. */
async function timePhase(phase: Phase): Promise<Timing> {
  await phase.prepare?.();
  const firstCpuStart = cpuUsage();
  const firstStart = performance.now();
  if ((await phase.run()) !== DOCUMENTS) throw new Error(`${phase.label}: wrong number of documents`);
  const firstWallMs = performance.now() - firstStart;
  const firstCpu = cpuUsage(firstCpuStart);
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const cpuStart = cpuUsage();
    const start = performance.now();
    await phase.run();
    walls.push(performance.now() - start);
    const cpu = cpuUsage(cpuStart);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  return { wallMs: median(walls), cpuMs: median(cpus), firstWallMs, firstCpuMs: (firstCpu.user + firstCpu.system) / 1000 };
}

/** In a child: exactly one cold pass; the process's peak RSS is the phase's memory figure. */
async function measureMemory(phase: Phase): Promise<Memory> {
  await phase.prepare?.();
  await phase.run();
  return { maxRssMb: resourceUsage().maxRSS / 1024 };
}

function inChild<T>(name: string, mode: "time" | "memory"): T {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), `--phase=${name}`, `--mode=${mode}`], { encoding: "utf8", env: process.env });
  if (child.status !== 0) throw new Error(`phase ${name} (${mode}) failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as T;
}

const phaseArg = process.argv.find((a) => a.startsWith("--phase="));
if (phaseArg) {
  const phase = PHASES[phaseArg.slice("--phase=".length)]!;
  const result = process.argv.includes("--mode=memory") ? await measureMemory(phase) : await timePhase(phase);
  process.stdout.write(JSON.stringify(result));
} else {
  const load = () => loadavg().map((n) => n.toFixed(2)).join(" ");
  const loadBefore = load();
  const busyBefore = loadavg()[0]!;
  const idle = inChild<Memory>("idle", "memory");
  const rows = ["plain", "validate", "problems", "load"].map((name) => ({
    name,
    timing: inChild<Timing>(name, "time"),
    memory: inChild<Memory>(name, "memory"),
  }));
  const row = (name: string) => rows.find((r) => r.name === name)!;
  const perSecond = (ms: number) => Math.round((DOCUMENTS / ms) * 1000);
  const fmt = (n: number) => n.toLocaleString("en");
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const mb = (n: number) => `${n.toFixed(0)} MB`;
  console.log(`manifest benchmark: ${fmt(DOCUMENTS)} documents in ${texts.length} files, ${(bytes / 2 ** 20).toFixed(1)} MB of YAML, ${availableParallelism()} CPUs`);
  console.log(`  load average (1, 5, 15 min) before: ${loadBefore}`);
  console.log(`  cold = first run in a fresh process; warm = median of ${ROUNDS} rounds after it; CPU = that process's user+system time`);
  console.log(`  peak RSS = one cold pass in a fresh process (a process that only builds the text: ${mb(idle.maxRssMb)})`);
  console.log(`  ${"".padEnd(44)} ${"cold".padStart(8)} ${"CPU".padStart(8)} ${"warm".padStart(8)} ${"CPU".padStart(8)} ${"docs/s".padStart(8)} ${"peak RSS".padStart(9)}`);
  for (const { name, timing, memory } of rows) {
    const cells = [ms(timing.firstWallMs), ms(timing.firstCpuMs), ms(timing.wallMs), ms(timing.cpuMs), fmt(perSecond(timing.wallMs))];
    console.log(`  ${PHASES[name]!.label.padEnd(44)} ${cells.map((c) => c.padStart(8)).join(" ")} ${mb(memory.maxRssMb).padStart(9)}`);
  }
  console.log(`  load average after: ${load()}`);
  const ours = row("validate").timing;
  const plain = row("plain").timing;
  console.log(`  validate + compile / plain yaml parse: ${(ours.wallMs / plain.wallMs).toFixed(2)}x wall, ${(ours.cpuMs / plain.cpuMs).toFixed(2)}x CPU`);
  // The target is judged, as this bench always has, on the warm median (the cold first run, with
  // Ajv's schema compilation and the JIT warming up, is printed beside it). Wall time is the target;
  // on a machine busier than its CPU count it is inflated, and the CPU time, about what the wall
  // time is on an idle machine, decides then, said as such.
  const endToEnd = row("load");
  const busy = Math.max(busyBefore, loadavg()[0]!) > availableParallelism();
  const { wallMs, cpuMs } = endToEnd.timing;
  const verdict = QUICK ? "not judged with BENCH_QUICK"
    : wallMs <= TARGET_MS ? "met"
    : busy && cpuMs <= TARGET_MS ? `met in CPU time (wall inflated: load average above ${availableParallelism()} CPUs)`
    : "MISSED";
  console.log(`  target: ${fmt(DOCUMENTS)} documents validated and compiled from disk in <= ${fmt(TARGET_MS)} ms: ${ms(wallMs)} wall, ${ms(cpuMs)} CPU (cold: ${ms(endToEnd.timing.firstWallMs)} wall, ${ms(endToEnd.timing.firstCpuMs)} CPU), ${verdict}; peak RSS ${mb(endToEnd.memory.maxRssMb)}`);
}
