// Emulator platform bench: memory with 100,000 simulated devices (target <= 500 MB) and twin query
// time over 100,000 twins through the store (streamed from SQLite, evaluated by src/query).
// Run: node bench/emulator.bench.ts   (BENCH_QUICK=1 for 10,000 devices)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parseQuery } from "../src/query/index.ts";
import { startHub } from "../src/emulator/start-hub.ts";
import { signSas } from "../src/iothub/sas.ts";
import { openDatabase } from "../src/emulator/store/database.ts";
import { DeviceStore } from "../src/emulator/store/device-store.ts";
import { queryTwins } from "../src/emulator/registry/twin-query.ts";
import { twinDocument } from "../src/emulator/twin/twin-document.ts";

const QUICK = process.env.BENCH_QUICK === "1";
const DEVICES = QUICK ? 10_000 : 100_000;
const MEMORY_TARGET_MB = 500;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
// CPU time, not wall time: the bench machine is shared, and CPU time is what the code costs.
const time = <T>(fn: () => T): [T, number] => {
  const c = process.cpuUsage();
  const r = fn();
  const used = process.cpuUsage(c);
  return [r, (used.user + used.system) / 1000];
};

const dir = mkdtempSync(join(tmpdir(), "hubjobs-bench-"));
try {
  gc();
  const baseline = process.memoryUsage();
  const hub = await startHub({ port: 0, dataDir: dir, adminKey: "bench" });
  const [, loadMs] = time(() => hub.admin.loadFleet(hub.hubName, {
    apiVersion: "hubjobs/v1",
    kind: "Fleet",
    generate: [{
      idPrefix: "dev-", count: DEVICES, seed: 1,
      tags: { building: { values: ["43", "44", "45", "46"] }, floor: { values: ["1", "2", "3", "4", "5"] } },
      reported: { fw: 1, model: "lock-3000" },
      methods: { LockDoor: { status: 200, payload: { locked: true } } },
      offlineShare: 0.05, failingShare: 0.05,
    }],
  }));
  gc();
  const loaded = process.memoryUsage();

  // One paged query through HTTP, as a client sees it.
  const owner = hub.admin.getHub(hub.hubName).policies[0]!;
  const token = signSas({ resourceUri: hub.hostName, keyName: owner.keyName, key: owner.primaryKey, expiry: Math.floor(Date.now() / 1000) + 600 });
  const httpStart = performance.now();
  const res = await fetch(`${hub.url}/devices/query?api-version=2021-04-12`, {
    method: "POST",
    headers: { authorization: token, "content-type": "application/json", "x-ms-max-item-count": "100" },
    body: JSON.stringify({ query: "SELECT * FROM devices WHERE tags.building = '43' AND tags.floor = '3'" }),
  });
  await res.json();
  const httpMs = performance.now() - httpStart;
  const afterHttp = process.memoryUsage();
  await hub.close();

  // Query through the store directly: stream rows, build twin documents, evaluate.
  const db = openDatabase(dir);
  const store = new DeviceStore(db);
  const parsed = parseQuery("SELECT * FROM devices WHERE tags.building = '43' AND properties.reported.fw < 2 AND NOT (status = 'disabled')");
  if (!parsed.ok) throw new Error(parsed.error.message);
  const [matches, queryMs] = time(() => queryTwins(store, "dev", parsed.value));
  const count = parseQuery("SELECT COUNT() AS n FROM devices WHERE tags.floor = '3'");
  if (!count.ok) throw new Error(count.error.message);
  const [, countMs] = time(() => queryTwins(store, "dev", count.value));
  // The same filter by hand over the same streamed documents: what the store costs on its own.
  const [handCount, handMs] = time(() => {
    let n = 0;
    for (const r of store.iterateTwins("dev")) {
      const t = twinDocument(r) as { tags: { building?: string }; properties: { reported: { fw?: number } }; status: string };
      if (t.tags.building === "43" && typeof t.properties.reported.fw === "number" && t.properties.reported.fw < 2 && t.status !== "disabled") n++;
    }
    return n;
  });
  db.close();

  const heldMb = (loaded.rss - baseline.rss) / 1024 / 1024;
  console.log(`emulator bench: ${DEVICES} simulated devices${QUICK ? " (BENCH_QUICK)" : ""}`);
  console.log(`  fleet load:              ${loadMs.toFixed(0)} ms CPU`);
  console.log(`  memory after load:       rss ${mb(loaded.rss)} MB (baseline ${mb(baseline.rss)} MB, +${heldMb.toFixed(1)} MB), heap ${mb(loaded.heapUsed)} MB`);
  console.log(`  memory after HTTP query: rss ${mb(afterHttp.rss)} MB  -> target <= ${MEMORY_TARGET_MB} MB: ${afterHttp.rss / 1024 / 1024 <= MEMORY_TARGET_MB ? "OK" : "OVER"}`);
  console.log(`  HTTP query, first page:  ${httpMs.toFixed(0)} ms wall`);
  console.log(`  store query (${matches.length} matches): ${queryMs.toFixed(0)} ms CPU; COUNT: ${countMs.toFixed(0)} ms CPU`);
  console.log(`  hand-written filter over the same stream (${handCount} matches): ${handMs.toFixed(0)} ms CPU; ratio ${(queryMs / handMs).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
