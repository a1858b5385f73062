import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatProblem, loadManifests, type Problem } from "../../src/manifest/index.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const NOW = new Date("2026-11-26T00:00:00Z");

function methodJob(name: string, extra = ""): string {
  return `apiVersion: hubjobs/v1
kind: DeviceMethodJob
metadata:
  name: ${name}
spec:
  target: { deviceIds: [Device-1] }
  method:
    name: LockDoor
${extra}`;
}

const where = (p: Problem) => `${p.code} ${p.file}:${p.line}:${p.column}`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "hubjobs-load-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(relative: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  writeFileSync(path.join(dir, relative), text);
}

describe("loadManifests", () => {
  it("validates every example in jobs/ without a single problem", async () => {
    const { manifests, problems } = await loadManifests([], { cwd: REPO, now: NOW });
    expect(problems.map(formatProblem)).toEqual([]);
    expect(manifests.map((m) => m.job.name)).toContain("lock-doors-device-1");
    expect(manifests.map((m) => m.job.name)).toContain("locate-device-1");
    expect(manifests.length).toBeGreaterThanOrEqual(4);
  });

  it("starts every example with the schema line editors read", () => {
    const examples = readdirSync(path.join(REPO, "jobs")).filter((f) => /\.ya?ml$/.test(f));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const file of examples) {
      expect(readFileSync(path.join(REPO, "jobs", file), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=../schemas/job.schema.json");
    }
  });

  it("reads .yaml and .yml recursively, several documents per file, skipping empty documents and hidden folders", async () => {
    write("jobs/a.yaml", `${methodJob("a")}---\n${methodJob("b")}---\n# only a comment\n`);
    write("jobs/deeper/c.yml", methodJob("c"));
    write("jobs/notes.txt", "not a manifest");
    write("jobs/.hidden/d.yaml", "this: is not read");
    const { manifests, problems } = await loadManifests(["jobs"], { cwd: dir, now: NOW });
    expect(problems).toEqual([]);
    expect(manifests.map((m) => `${m.file}#${m.documentIndex} ${m.job.name}`)).toEqual([
      "jobs/a.yaml#0 a",
      "jobs/a.yaml#1 b",
      "jobs/deeper/c.yml#0 c",
    ]);
  });

  it("reports every problem of every file in one run, sorted by file and position", async () => {
    write("jobs/one.yaml", methodJob("one", "    responseTimeout: 1s\n    connectTimeout: 301s\n"));
    write("jobs/two.yaml", `${methodJob("Two")}---\nkey: [unclosed\n`);
    const { problems } = await loadManifests(["jobs"], { cwd: dir, now: NOW });
    expect(problems.map(where)).toEqual([
      "E_DURATION_RANGE jobs/one.yaml:9:22",
      "E_DURATION_RANGE jobs/one.yaml:10:21",
      "E_SCHEMA_PATTERN jobs/two.yaml:4:9",
      "E_YAML_SYNTAX jobs/two.yaml:11:1",
    ]);
  });

  it("gives the same positions for CRLF line endings", async () => {
    const text = methodJob("crlf", "    responseTimeout: 1s\n  target2: x\n");
    write("lf.yaml", text);
    write("crlf.yaml", text.replace(/\n/g, "\r\n"));
    const lf = await loadManifests(["lf.yaml"], { cwd: dir, now: NOW });
    const crlf = await loadManifests(["crlf.yaml"], { cwd: dir, now: NOW });
    expect(lf.problems).toHaveLength(2);
    expect(crlf.problems.map((p) => `${p.code} ${p.line}:${p.column}`)).toEqual(lf.problems.map((p) => `${p.code} ${p.line}:${p.column}`));
  });

  it("refuses alias expansion that would explode instead of crashing", async () => {
    const laughs = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++) laughs.push(`${"abcdefgh"[i]}: &${"abcdefgh"[i]} [${Array(10).fill(`*${"abcdefgh"[i - 1]}`).join(", ")}]`);
    write("laughs.yaml", `${laughs.join("\n")}\n`);
    const { problems } = await loadManifests(["laughs.yaml"], { cwd: dir, now: NOW });
    expect(problems.map((p) => `${p.code} ${p.line}:${p.column}`)).toEqual(["E_YAML_SYNTAX 1:1"]);
  });

  it("reports a name used twice across files at the second use, naming the first", async () => {
    write("jobs/a.yaml", methodJob("door"));
    write("jobs/b.yaml", `# another\n${methodJob("door")}`);
    const { problems, manifests } = await loadManifests(["jobs"], { cwd: dir, now: NOW });
    expect(problems.map(where)).toEqual(["E_DUPLICATE_NAME jobs/b.yaml:5:9"]);
    expect(problems[0]!.message).toContain("jobs/a.yaml:4:9");
    expect(manifests.map((m) => m.file)).toEqual(["jobs/a.yaml"]);
  });

  it("takes files given directly, and reports missing paths and paths without manifests", async () => {
    write("one.yaml", methodJob("one"));
    mkdirSync(path.join(dir, "empty"));
    const { problems, manifests } = await loadManifests(["one.yaml", "missing", "empty"], { cwd: dir, now: NOW });
    expect(manifests.map((m) => m.file)).toEqual(["one.yaml"]);
    expect(problems.map((p) => `${p.severity} ${p.code} ${p.file}:${p.line}`).sort()).toEqual([
      "error E_PATH_NOT_FOUND missing:0",
      "warning E_NO_MANIFESTS empty:0",
    ]);
  });

  it("reports a manifest file that cannot be read", async () => {
    mkdirSync(path.join(dir, "jobs"));
    symlinkSync(path.join(dir, "nowhere.yaml"), path.join(dir, "jobs", "broken.yaml"));
    const { problems } = await loadManifests(["jobs"], { cwd: dir, now: NOW });
    expect(problems.map(where)).toEqual(["E_FILE_UNREADABLE jobs/broken.yaml:0:0"]);
  });

  it("warns about a startTime beyond 168 hours when validating and refuses it when applying", async () => {
    const at = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString().replace(".000Z", "Z");
    write("jobs/far.yaml", methodJob("far", `  schedule:\n    startTime: ${at(169)}\n`));
    write("jobs/near.yaml", methodJob("near", `  schedule:\n    startTime: ${at(168)}\n`));
    const validate = await loadManifests(["jobs"], { cwd: dir, now: NOW, mode: "validate" });
    expect(validate.problems.map((p) => `${p.severity} ${where(p)}`)).toEqual(["warning E_START_TIME_TOO_FAR jobs/far.yaml:10:16"]);
    expect(validate.manifests).toHaveLength(2);
    const apply = await loadManifests(["jobs"], { cwd: dir, now: NOW, mode: "apply" });
    expect(apply.problems.map((p) => `${p.severity} ${where(p)}`)).toEqual(["error E_START_TIME_TOO_FAR jobs/far.yaml:10:16"]);
    expect(apply.manifests.map((m) => m.job.name)).toEqual(["near"]);
  });
});

describe("limits that need large documents", () => {
  it("refuses a method payload over 128 KB, at the payload", async () => {
    const fits = "x".repeat(128 * 1024 - 2); // JSON string quotes make it exactly 128 KB
    write("fits.yaml", methodJob("fits", `    payload: "${fits}"\n`));
    write("big.yaml", methodJob("big", `    payload:\n      blob: "${fits}"\n`));
    const { problems, manifests } = await loadManifests(["fits.yaml", "big.yaml"], { cwd: dir, now: NOW });
    expect(problems.map(where)).toEqual(["E_PAYLOAD_TOO_LARGE big.yaml:10:7"]);
    expect(manifests.map((m) => m.job.name)).toEqual(["fits"]);
  });

  it("refuses twin tags over 8 KB, desired over 32 KB and one value over 4 KB", async () => {
    const values = (n: number, size: number) => Array.from({ length: n }, (_, i) => `      k${i}: "${"v".repeat(size)}"`).join("\n");
    write("twin.yaml", `apiVersion: hubjobs/v1
kind: TwinUpdateJob
metadata:
  name: twin-sizes
spec:
  target: { query: "*" }
  twin:
    tags:
${values(3, 3000)}
    desired:
${values(9, 4000)}
      huge: "${"h".repeat(4097)}"
`);
    const { problems } = await loadManifests(["twin.yaml"], { cwd: dir, now: NOW });
    expect(problems.map(where)).toEqual([
      "E_TWIN_TOO_LARGE twin.yaml:9:7",
      "E_TWIN_TOO_LARGE twin.yaml:22:13",
    ]);
    // Desired is over 32 KB as well, but its oversized value is reported first and alone.
    expect(problems[1]!.pointer).toBe("/spec/twin/desired/huge");
  });

  it("refuses desired properties over 32 KB in total", async () => {
    const values = Array.from({ length: 9 }, (_, i) => `      k${i}: "${"v".repeat(4000)}"`).join("\n");
    write("desired.yaml", `apiVersion: hubjobs/v1
kind: TwinUpdateJob
metadata:
  name: desired-size
spec:
  target: { query: "*" }
  twin:
    desired:
${values}
`);
    const { problems } = await loadManifests(["desired.yaml"], { cwd: dir, now: NOW });
    expect(problems.map(where)).toEqual(["E_TWIN_TOO_LARGE desired.yaml:9:7"]);
    expect(problems[0]!.pointer).toBe("/spec/twin/desired");
  });

  it("refuses a query over 8192 characters, written or compiled from deviceIds", async () => {
    const longQuery = `tags.x = '${"q".repeat(8200)}'`;
    const ids = Array.from({ length: 700 }, (_, i) => `Device-${i}`).join(", ");
    write("query.yaml", `apiVersion: hubjobs/v1
kind: DeviceMethodJob
metadata:
  name: long-query
spec:
  target:
    query: "${longQuery}"
  method: { name: LockDoor }
---
apiVersion: hubjobs/v1
kind: DeviceMethodJob
metadata:
  name: many-devices
spec:
  target:
    deviceIds: [${ids}]
  method: { name: LockDoor }
`);
    const { problems } = await loadManifests(["query.yaml"], { cwd: dir, now: NOW });
    expect(problems.map(where)).toEqual(["E_QUERY_TOO_LONG query.yaml:7:12", "E_QUERY_TOO_LONG query.yaml:16:16"]);
  });
});
