// End-to-end harness: the real `pulumi` CLI runs the repository's program (src/index.ts) against a
// fresh embedded hub, in a temporary project directory with its own file backend and PULUMI_HOME.
//
// The temporary project holds a copy of Pulumi.yaml, symlinks to the repository's src/, schemas/,
// node_modules/ and package.json, and its own jobs/ directory, so tests edit manifests and write
// Pulumi.<stack>.yaml files without touching the clone. Node resolves the symlinks, so the program
// and the provider's modules are the repository's own files.
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { findPulumiBinDir, offlineEnv, repoRoot } from "../../src/config/pulumi-env.ts";
import type { FleetDocument } from "../../src/emulator/fleet/fleet-document.ts";
import { startHub, type RunningHub } from "../../src/emulator/start-hub.ts";
import { createClient } from "../../src/iothub/create-client.ts";
import type { JobResponse } from "../../src/iothub/types.ts";
import { isJobOfName } from "../../src/manifest/job-id.ts";
import { trustCertificate } from "../emulator/tls/trust-certificate.ts";

export type EngineCheck = { binDir: string; missing?: undefined } | { binDir?: undefined; missing: string };

/** Whether the Pulumi engine and the plugin shims are installed (scripts/setup-pulumi.sh). */
export function checkEngine(): EngineCheck {
  const binDir = findPulumiBinDir();
  if (!binDir) return { missing: "no `pulumi` found: run scripts/setup-pulumi.sh (or install Pulumi) to run the end-to-end tests" };
  return { binDir };
}

export const engine = checkEngine();
/** In CI the end-to-end tests must run: a missing engine is a failure there, a skip elsewhere. */
export const mustRun = process.env.CI === "true";
export const skipReason = engine.missing && !mustRun ? engine.missing : undefined;
if (skipReason) console.warn(`e2e tests skipped: ${skipReason}`);

/** Call first in beforeAll: throws (fails the file) when the engine is missing in CI. */
export function requireEngine(): string {
  if (!engine.binDir) throw new Error(`CI=true and the Pulumi engine is missing: ${engine.missing}`);
  return engine.binDir;
}

export type PulumiResult = { code: number; stdout: string; stderr: string; output: string };

/** One command's time limit; a hung command fails its test instead of the whole run. */
const COMMAND_TIMEOUT_MS = 150_000;

export const e2eFleet: FleetDocument = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: [
    { deviceId: "Device-1", tags: { building: "43" }, methods: { LockDoor: { status: 200, payload: { locked: true }, latencyMs: 20 } } },
    { deviceId: "Device-2", tags: { building: "43" }, methods: { LockDoor: { status: 200, payload: { locked: true }, latencyMs: 20 } } },
    // Offline: a method job counts it as failed (404103 DeviceNotOnline), as IoT Hub does.
    { deviceId: "Device-3", tags: { building: "44" }, connected: false, methods: { LockDoor: { status: 200, payload: { locked: true }, latencyMs: 20 } } },
  ],
} as FleetDocument;

/**
 * What a `deviceIds` target matches in a fleet, as the hub should count it for a job's blast radius:
 * the listed devices the fleet defines, and how many of them are offline (`connected: false`).
 */
export function fleetTargets(deviceIds: readonly string[], fleet: FleetDocument = e2eFleet): { matched: number; offline: number } {
  const targeted = (fleet.devices ?? []).filter((d) => deviceIds.includes(d.deviceId));
  return { matched: targeted.length, offline: targeted.filter((d) => d.connected === false).length };
}

/**
 * `tls`: the hub serves HTTPS with its self-signed certificate, which every command trusts through
 * NODE_EXTRA_CA_CERTS (and this process, for hubJobs(), through its default CA set).
 * `mqttPort`: serve the device endpoint (MQTT over TLS) too, for tests with real device SDKs (0 = a free port).
 */
export type ProjectOptions = { tier?: "F1" | "S1" | "S2" | "S3"; fleet?: FleetDocument; tls?: boolean; mqttPort?: number };

export class E2EProject {
  readonly dir: string;
  readonly jobsDir: string;
  readonly hub: RunningHub;
  readonly stack: string;
  /**
   * The hub's request log, one line per request (`POST /devices/query 200 1.2ms hub=dev op=devices.query`),
   * so a test can tell which calls a command made: take `hubRequests.length` before it, then `requestsSince`.
   */
  readonly hubRequests: string[];
  readonly #env: NodeJS.ProcessEnv;
  readonly #pulumi: string;
  readonly #distrust: (() => void) | undefined;

  private constructor(dir: string, hub: RunningHub, hubRequests: string[], binDir: string, stack: string) {
    this.dir = dir;
    this.hubRequests = hubRequests;
    this.jobsDir = path.join(dir, "jobs");
    this.hub = hub;
    this.stack = stack;
    this.#pulumi = path.join(binDir, "pulumi");
    this.#env = offlineEnv({
      backendUrl: `file://${path.join(dir, ".state")}`,
      pulumiHome: path.join(dir, ".pulumi-home"),
      binDir,
      plainOutput: true,
      base: { ...process.env, PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase", ...(hub.certPath ? { NODE_EXTRA_CA_CERTS: hub.certPath } : {}) },
    });
    this.#distrust = hub.certPath ? trustCertificate(readFileSync(hub.certPath, "utf8")) : undefined;
  }

  /** A temp project, a fresh hub (`dev`, with `fleet`) and an initialised stack configured for that hub. */
  static async create(binDir: string, options: ProjectOptions = {}): Promise<E2EProject> {
    const dir = mkdtempSync(path.join(tmpdir(), "hubjobs-e2e-"));
    for (const name of ["src", "schemas", "node_modules", "package.json"]) {
      symlinkSync(path.join(repoRoot, name), path.join(dir, name));
    }
    copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    mkdirSync(path.join(dir, "jobs"));
    mkdirSync(path.join(dir, ".state"));
    mkdirSync(path.join(dir, ".pulumi-home"));
    const hubRequests: string[] = [];
    const tls = options.tls ? { tls: true, dataDir: path.join(dir, ".hub") } : {};
    const mqtt = options.mqttPort !== undefined ? { mqttPort: options.mqttPort } : {};
    const hub = await startHub({ port: 0, tier: options.tier ?? "S2", fleet: options.fleet ?? e2eFleet, log: (line) => hubRequests.push(line), ...tls, ...mqtt });
    const project = new E2EProject(dir, hub, hubRequests, binDir, "e2e");
    await project.pulumiOk(["stack", "init", project.stack, "--secrets-provider", "passphrase"]);
    await project.setConfig({
      "hubjobs:hubMode": "local",
      "hubjobs:emulatorUrl": hub.url,
      "hubjobs:hubName": hub.hubName,
      "hubjobs:tier": options.tier ?? "S2",
      "hubjobs:jobsDir": "jobs",
    });
    await project.pulumiOk(["config", "set", "--secret", "hubjobs:emulatorAdminKey", "--", hub.adminKey]);
    return project;
  }

  async setConfig(values: Record<string, string>): Promise<void> {
    for (const [key, value] of Object.entries(values)) await this.pulumiOk(["config", "set", key, value]);
  }

  /**
   * Runs `pulumi <args> --stack <stack>` in the project without blocking this process (the hub runs
   * here); `env` adds to the project's environment for this command only.
   */
  pulumi(args: string[], env: NodeJS.ProcessEnv = {}): Promise<PulumiResult> {
    // Flags go before a `--`: after it everything is a value (an admin key may start with "-").
    const end = args.indexOf("--");
    const withStack = args[0] === "stack" && (args[1] === "init" || args[1] === "select") ? args
      : end < 0 ? [...args, "--stack", this.stack]
      : [...args.slice(0, end), "--stack", this.stack, ...args.slice(end)];
    return this.#run(this.#pulumi, withStack, env);
  }

  /** Runs `hubjobs <args>` (bin/hubjobs.js) in the project, with the project's environment (so `--hub <stack>` finds the stack) plus `env`. */
  hubjobs(args: string[], env: NodeJS.ProcessEnv = {}): Promise<PulumiResult> {
    return this.#run(process.execPath, [path.join(repoRoot, "bin", "hubjobs.js"), ...args], env);
  }

  #run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<PulumiResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(file, args, { cwd: this.dir, env: { ...this.#env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk;
        output += chunk;
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk;
        output += chunk;
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), COMMAND_TIMEOUT_MS);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr, output });
      });
    });
  }

  /**
   * Starts `pulumi <args>` and returns at once: the child (to kill it mid-run) and its result. Every
   * process of the run inherits HUBJOBS_E2E_RUN=`marker`, so `processesOfRun` finds what survives it.
   */
  startPulumi(args: string[], marker: string): { child: ChildProcess; done: Promise<PulumiResult> } {
    const child = spawn(this.#pulumi, [...args, "--stack", this.stack], { cwd: this.dir, env: { ...this.#env, HUBJOBS_E2E_RUN: marker }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
    const done = new Promise<PulumiResult>((resolve) => child.on("close", (code) => resolve({ code: code ?? -1, stdout: output, stderr: "", output })));
    return { child, done };
  }

  /** A client of the project's hub. */
  client(): ReturnType<typeof createClient> {
    return createClient({ connectionString: this.hub.connectionString, endpoint: this.hub.url });
  }

  async twin(deviceId: string): Promise<{ tags?: Record<string, unknown>; properties?: { desired?: Record<string, unknown> } }> {
    const client = await createClient({ connectionString: this.hub.connectionString, endpoint: this.hub.url });
    return client.getTwin(deviceId);
  }

  /** Like pulumi(), but a non-zero exit throws with the command's whole output (the test's evidence). */
  async pulumiOk(args: string[], env: NodeJS.ProcessEnv = {}): Promise<PulumiResult> {
    const result = await this.pulumi(args, env);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
    return result;
  }

  /** How many requests for `operation` (e.g. `devices.query`, the route's name) the hub served since `mark`. */
  requestsSince(mark: number, operation: string): number {
    return this.hubRequests.slice(mark).filter((line) => line.endsWith(` op=${operation}`)).length;
  }

  writeManifest(file: string, text: string): void {
    writeFileSync(path.join(this.jobsDir, file), text);
  }

  removeManifest(file: string): void {
    rmSync(path.join(this.jobsDir, file));
  }

  /** Every job the hub itself has recorded (its jobs v2 query API), oldest first. */
  async hubJobs(): Promise<JobResponse[]> {
    const client = await createClient({ connectionString: this.hub.connectionString, endpoint: this.hub.url });
    const jobs = await client.listJobs();
    return jobs.sort((a, b) => String(a.createdTime ?? "").localeCompare(String(b.createdTime ?? "")));
  }

  /** The hub's record of one manifest's jobs (ids are the name, a dash and 8 hex digits), oldest first. */
  async hubJobsFor(name: string): Promise<JobResponse[]> {
    return (await this.hubJobs()).filter((job) => isJobOfName(name, job.jobId));
  }

  /**
   * The hub's per-device rows of a job and the devices' connection states, as one line of evidence
   * for assertion messages: when a count is not what a scenario expects, the failure shows why.
   */
  async deviceEvidence(jobId: string): Promise<string> {
    const client = await createClient({ connectionString: this.hub.connectionString, endpoint: this.hub.url });
    const rows = await client.queryDeviceJobs(jobId);
    const twins = await client.queryDevices<{ deviceId: string; connectionState?: string }>("SELECT deviceId, connectionState FROM devices");
    return JSON.stringify({ hub: this.hub.url, rows, devices: twins });
  }

  /** URNs of the stack's resources whose type matches. */
  async resourceUrns(typeMatches: (type: string) => boolean): Promise<string[]> {
    const exported = JSON.parse((await this.pulumiOk(["stack", "export"])).stdout) as { deployment?: { resources?: { urn: string; type: string }[] } };
    return (exported.deployment?.resources ?? []).filter((r) => typeMatches(r.type)).map((r) => r.urn);
  }

  async stackOutputs(): Promise<Record<string, unknown>> {
    const result = await this.pulumiOk(["stack", "output", "--json", "--show-secrets"]);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  async dispose(): Promise<void> {
    this.#distrust?.();
    await this.hub.close();
    if (existsSync(this.dir)) rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Counts of each operation in `pulumi preview --json`'s change summary, e.g. { create: 3, same: 1 }. */
export function changeSummary(previewJson: string): Record<string, number> {
  const parsed = JSON.parse(previewJson) as { changeSummary?: Record<string, number> };
  return parsed.changeSummary ?? {};
}

/** The resources `pulumi preview --json` plans, as `op type name` strings. */
export function plannedSteps(previewJson: string): { op: string; type: string; name: string }[] {
  const parsed = JSON.parse(previewJson) as { steps?: { op: string; urn: string }[] };
  return (parsed.steps ?? []).map((step) => {
    const parts = step.urn.split("::");
    return { op: step.op, type: parts[2] ?? "", name: parts[3] ?? "" };
  });
}

/** A method job manifest (now, waited for). */
export function methodJob(name: string, options: { deviceIds?: string[]; payload?: unknown; maxFailedPercent?: number; startTime?: string } = {}): string {
  const lines = [
    "apiVersion: hubjobs/v1",
    "kind: DeviceMethodJob",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    "  target:",
    `    deviceIds: ${JSON.stringify(options.deviceIds ?? ["Device-1"])}`,
    "  method:",
    "    name: LockDoor",
    `    payload: ${JSON.stringify(options.payload ?? {})}`,
    "    responseTimeout: 5s",
    "  schedule:",
    ...(options.startTime ? [`    startTime: ${options.startTime}`] : []),
    "    maxExecutionTime: 1m",
    "  completion:",
    "    timeout: 1m",
    `    maxFailedPercent: ${options.maxFailedPercent ?? 0}`,
  ];
  return `${lines.join("\n")}\n`;
}

/** The method job `lock` on the devices tagged building 43, floor 3, with a query target written loosely (spacing, `and`). */
export function lockJob(reason: string): string {
  return [
    "apiVersion: hubjobs/v1",
    "kind: DeviceMethodJob",
    "metadata: { name: lock }",
    "spec:",
    "  target: { query: \"tags.building='43' and tags.floor='3'\" }",
    `  method: { name: LockDoor, payload: { reason: ${reason} }, responseTimeout: 5s }`,
    "  schedule: { maxExecutionTime: 1m }",
    "",
  ].join("\n");
}

/** A twin update job manifest (now, waited for). */
export function twinJob(name: string, query: string, tags: Record<string, string>): string {
  return [
    "apiVersion: hubjobs/v1",
    "kind: TwinUpdateJob",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    "  target:",
    `    query: ${JSON.stringify(query)}`,
    "  twin:",
    `    tags: ${JSON.stringify(tags)}`,
    "  schedule:",
    "    maxExecutionTime: 1m",
    "",
  ].join("\n");
}

/** A start time `hours` from now, to the second (IoT Hub accepts up to 168 hours ahead). */
export function hoursFromNow(hours: number): string {
  return new Date(Math.floor(Date.now() / 1000) * 1000 + hours * 3_600_000).toISOString().replace(".000Z", "Z");
}

/** Processes alive now whose environment carries HUBJOBS_E2E_RUN=`marker`, as `pid command` lines. */
export function processesOfRun(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, "latin1");
      if (!environ.split("\0").includes(`HUBJOBS_E2E_RUN=${marker}`)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
      if (/^\d+ \(.*\) Z /.test(stat)) continue; // a zombie has ended; only its parent's wait is missing
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, "latin1").split("\0").join(" ").trim()}`);
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}

/** Polls `check` every 250 ms until it holds; past `timeoutMs` fails naming what it waited for. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
