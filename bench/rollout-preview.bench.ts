// What a staged rollout adds to `pulumi preview`: counting each wave on the hub. A 3-wave rollout
// (20 devices picked by count, one building, the rest) over 100,000 simulated devices, counted
// through the embedded hub's REST API exactly as the preview counts it (src/blast/for-preview.ts).
// Prints the time of the whole blast-radius step and the number of hub queries it took.
// Run: node bench/rollout-preview.bench.ts   (BENCH_QUICK=1 for 10,000 devices)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { blastRadiusDiagnostics } from "../src/blast/index.ts";
import { startHub } from "../src/emulator/start-hub.ts";
import type { CompiledWave } from "../src/manifest/types.ts";

const QUICK = process.env.BENCH_QUICK === "1";
const DEVICES = QUICK ? 10_000 : 100_000;

const dir = mkdtempSync(join(tmpdir(), "hubjobs-bench-"));
const queries: string[] = [];
try {
  const hub = await startHub({ port: 0, dataDir: dir, adminKey: "bench", tier: "S3", log: (line) => queries.push(line) });
  hub.admin.loadFleet(hub.hubName, {
    apiVersion: "hubjobs/v1",
    kind: "Fleet",
    generate: [{ idPrefix: "door-", count: DEVICES, seed: 7, tags: { kind: "door", building: { values: ["43", "44", "45", "46"] } }, methods: { UpdateFirmware: { status: 200 } }, offlineShare: 0.05 }],
  } as never);
  const waves: CompiledWave[] = [{ name: "canary", maxDevices: 20 }, { name: "building-44", condition: "tags.building = '44'" }, { name: "everyone" }];
  const job = { name: "fw", jobId: "fw-00000000", request: { type: "scheduleDeviceMethod", queryCondition: "tags.kind = 'door'" }, rollout: { waves } };
  const lines: string[] = [];
  const mark = queries.length;
  const started = performance.now();
  const output = await blastRadiusDiagnostics({ connectionString: hub.connectionString, endpoint: hub.url }, [job], { tier: "S3", log: { info: (m) => lines.push(m), warn: (m) => lines.push(`warning: ${m}`) } });
  const ms = performance.now() - started;
  const counted = queries.slice(mark).filter((l) => l.includes("op=devices.query")).length;
  await hub.close();
  console.log(lines.join("\n"));
  const total = (output?.fw?.waves ?? []).reduce((n, w) => n + w.matched, 0);
  console.log(`3-wave rollout preview over ${DEVICES.toLocaleString("en-US")} devices: ${Math.round(ms)} ms for the blast radius (${counted} device queries); waves add up to ${total.toLocaleString("en-US")} of ${output?.fw?.matched.toLocaleString("en-US")}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
