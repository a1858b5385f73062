// A second clone of the project for tests of `npm start` and `npm run pulumi` as real processes:
// a temporary directory with its own copy of scripts/ (so the scripts take it for the repository
// root, with .hubjobs/ inside it), its own Pulumi.dev.yaml, and symlinks to the repository's src/,
// node_modules/ and the rest. Nothing in the real clone's .hubjobs/ or on port 4300 is touched.
import { spawn } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { LOCAL_PASSPHRASE, offlineEnv, repoRoot } from "../../src/config/pulumi-env.ts";

export type ProcessResult = { code: number; output: string };

const node = path.join(repoRoot, "node_modules", ".bin", "node");
const COMMAND_TIMEOUT_MS = 150_000;

export class TempClone {
  readonly dir: string;
  readonly dataDir: string;
  readonly stateDir: string;

  /** `jobs`: the manifests of the clone's jobs/ (file name -> text); the repository's jobs/ when absent. */
  constructor(emulatorUrl: string, jobs?: Record<string, string>) {
    this.dir = mkdtempSync(path.join(tmpdir(), "hubjobs-clone-"));
    this.dataDir = path.join(this.dir, ".hubjobs", "emulator");
    this.stateDir = path.join(this.dir, ".hubjobs", "state");
    cpSync(path.join(repoRoot, "scripts"), path.join(this.dir, "scripts"), { recursive: true });
    for (const name of ["src", "schemas", "node_modules", "bin", "fleets", "package.json", "tools", ...(jobs ? [] : ["jobs"])]) {
      symlinkSync(path.join(repoRoot, name), path.join(this.dir, name));
    }
    if (jobs) {
      mkdirSync(path.join(this.dir, "jobs"));
      for (const [file, text] of Object.entries(jobs)) writeFileSync(path.join(this.dir, "jobs", file), text);
    }
    copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(this.dir, "Pulumi.yaml"));
    const devStack = readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8").replace(/(hubjobs:emulatorUrl:).*/, `$1 ${emulatorUrl}`);
    writeFileSync(path.join(this.dir, "Pulumi.dev.yaml"), devStack);
  }

  /** The environment a user's shell would give the scripts: none of the test run's Pulumi or hub settings. */
  userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...extra };
    for (const key of ["PULUMI_BACKEND_URL", "PULUMI_HOME", "PULUMI_CONFIG_PASSPHRASE", "HUBJOBS_ADMIN_KEY", "HUBJOBS_ROOT"]) {
      if (!(key in extra)) delete env[key];
    }
    return env;
  }

  /** The offline environment `npm run pulumi` gives the engine in this clone (.hubjobs/state, .hubjobs/pulumi-home). */
  pulumiEnv(binDir: string): NodeJS.ProcessEnv {
    const pulumiHome = path.join(this.dir, ".hubjobs", "pulumi-home");
    for (const dir of [this.stateDir, pulumiHome]) mkdirSync(dir, { recursive: true });
    return offlineEnv({
      backendUrl: `file://${this.stateDir}`,
      pulumiHome,
      binDir,
      plainOutput: true,
      base: { ...this.userEnv(), PULUMI_CONFIG_PASSPHRASE: LOCAL_PASSPHRASE },
    });
  }

  /** Runs one of the clone's scripts (`start.ts`, `pulumi.ts`) as `npm start` / `npm run pulumi` run it. */
  script(name: string, args: string[] = [], env: NodeJS.ProcessEnv = this.userEnv()): Promise<ProcessResult> {
    return collect(node, [path.join(this.dir, "scripts", name), ...args], this.dir, env);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Runs a command to its end, stdout and stderr interleaved as a terminal shows them; killed after a time limit. */
export function collect(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), COMMAND_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}
