// Manifest benchmark: 10,000 documents validated and compiled (YAML parse, schema, limits,
// query parse, compile), beside a plain `yaml` parse of the same text.
// Targets (issue 2): >= 20,000 documents/s, and at most 1.5x the plain parse time.
// Run: node bench/manifest.bench.ts   (BENCH_QUICK=1 for 1,000 documents and fewer rounds)
// Each side runs in its own child process, so its peak memory (maxRSS) is its own.
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resourceUsage } from "node:process";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { checkSource, compileManifest, loadManifests, type Manifest, type NameRegistry } from "../src/manifest/index.ts";
import { validateAgainstSchema } from "../src/manifest/schema.ts";
import { semanticFindings } from "../src/manifest/semantic-checks.ts";

const QUICK = process.env.BENCH_QUICK === "1";
const DOCUMENTS = QUICK ? 1_000 : 10_000;
const PER_FILE = 100;
const ROUNDS = QUICK ? 3 : 5;
const NOW = new Date("2026-11-26T00:00:00Z");

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

const texts: string[] = [];
for (let start = 0; start < DOCUMENTS; start += PER_FILE) {
  const docs: string[] = [];
  for (let i = start; i < Math.min(start + PER_FILE, DOCUMENTS); i++) docs.push(documentText(i));
  texts.push(docs.join("---\n"));
}
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

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
    const result = checkSource(`jobs/bench-${i}.yaml`, text, { now: NOW, mode: "validate" }, names);
    if (result.problems.length > 0) throw new Error(`benchmark documents must be valid: ${result.problems[0]!.message}`);
    n += result.manifests.length;
  });
  return n;
}

/** Our own stages without the YAML parse: schema, semantic checks and compilation of parsed data. */
let parsed: unknown[] | undefined;
function stagesWithoutParse(): number {
  parsed ??= texts.flatMap((text) => parseAllDocuments(text, { prettyErrors: false }).map((doc) => doc.toJS() as unknown));
  for (const data of parsed) {
    if (validateAgainstSchema(data).length > 0 || semanticFindings(data, { now: NOW, mode: "validate" }).length > 0) throw new Error("invalid");
    compileManifest(data as Manifest);
  }
  return parsed.length;
}

async function loadFromDisk(): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), "hubjobs-bench-"));
  try {
    mkdirSync(path.join(dir, "jobs"));
    texts.forEach((text, i) => writeFileSync(path.join(dir, "jobs", `bench-${i}.yaml`), text));
    return (await loadManifests(["jobs"], { cwd: dir, now: NOW })).manifests.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PHASES: Record<string, () => number | Promise<number>> = {
  idle: () => DOCUMENTS,
  plain: plainParse,
  validate: validateAndCompile,
  stages: stagesWithoutParse,
  load: loadFromDisk,
};

interface PhaseResult { ms: number; firstMs: number; maxRssMb: number }

/** In a child: warm up, time ROUNDS runs, report the median and this process's peak RSS. */
async function runPhase(name: string): Promise<PhaseResult> {
  const phase = PHASES[name]!;
  const firstStart = performance.now();
  if ((await phase()) !== DOCUMENTS) throw new Error(`${name}: wrong number of documents`);
  const firstMs = performance.now() - firstStart;
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    await phase();
    times.push(performance.now() - start);
  }
  return { ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!, firstMs, maxRssMb: resourceUsage().maxRSS / 1024 };
}

function inChild(name: string): PhaseResult {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), `--phase=${name}`], { encoding: "utf8", env: process.env });
  if (child.status !== 0) throw new Error(`phase ${name} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as PhaseResult;
}

const phaseArg = process.argv.find((a) => a.startsWith("--phase="));
if (phaseArg) {
  process.stdout.write(JSON.stringify(await runPhase(phaseArg.slice("--phase=".length))));
} else {
  const idle = inChild("idle");
  const plain = inChild("plain");
  const ours = inChild("validate");
  const load = inChild("load");
  const stages = inChild("stages");
  const perSecond = (ms: number) => Math.round((DOCUMENTS / ms) * 1000).toLocaleString("en");
  const mb = (n: number) => `${n.toFixed(1)} MB`;
  const ratio = ours.ms / plain.ms;
  console.log(`manifest benchmark: ${DOCUMENTS.toLocaleString("en")} documents in ${texts.length} files, ${mb(bytes / 2 ** 20)} of YAML, median of ${ROUNDS} rounds after a warm-up`);
  console.log(`  plain yaml parse (parseAllDocuments + toJS): ${plain.ms.toFixed(0)} ms, ${perSecond(plain.ms)} docs/s, peak RSS ${mb(plain.maxRssMb)}`);
  console.log(`  validate + compile (checkSource):            ${ours.ms.toFixed(0)} ms, ${perSecond(ours.ms)} docs/s, peak RSS ${mb(ours.maxRssMb)}`);
  console.log(`  loadManifests from disk (end to end):        ${load.ms.toFixed(0)} ms, ${perSecond(load.ms)} docs/s, peak RSS ${mb(load.maxRssMb)}`);
  console.log(`  schema + limits + query + compile, no parse: ${stages.ms.toFixed(0)} ms, ${perSecond(stages.ms)} docs/s`);
  console.log(`  first run incl. Ajv schema compilation:      ${ours.firstMs.toFixed(0)} ms (plain parse: ${plain.firstMs.toFixed(0)} ms)`);
  console.log(`  peak RSS of a process that only builds the text: ${mb(idle.maxRssMb)}`);
  console.log(`  ratio validate+compile / plain parse: ${ratio.toFixed(2)}x (target <= 1.5x: ${ratio <= 1.5 ? "met" : "MISSED"})`);
  console.log(`  throughput target >= 20,000 docs/s: ${DOCUMENTS / ours.ms * 1000 >= 20_000 ? "met" : "MISSED"} (plain yaml parsing alone reaches ${perSecond(plain.ms)} docs/s here)`);
}
