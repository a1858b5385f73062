// `--hub <stack>`: a stack's outputs from the real `pulumi stack output`, run the way `npm run pulumi`
// runs it. A newcomer's `dev` stack lives in the clone's local backend (.hubjobs/state) and the engine
// in the cache of scripts/setup-pulumi.sh, neither of which a bare `pulumi` on PATH would find.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { findPulumiBinDir, offlineEnv } from "../../config/pulumi-env.ts";

export interface StackCommand {
  /** `pulumi`'s path, or plain `pulumi` (looked up on PATH) when no engine was found. */
  command: string;
  env: NodeJS.ProcessEnv;
}

/**
 * How to run `pulumi` for the project in `cwd`: the engine of HUBJOBS_PULUMI_BIN, the setup cache or
 * PATH; the user's own backend when PULUMI_BACKEND_URL is set, else the clone's `.hubjobs/state` when
 * it exists (with the same passphrase default as `npm run pulumi`), else whatever `pulumi login` chose.
 */
export function stackCommand(env: NodeJS.ProcessEnv, cwd: string): StackCommand {
  const binDir = findPulumiBinDir(env);
  const command = binDir ? join(binDir, "pulumi") : "pulumi";
  const localState = join(cwd, ".hubjobs", "state");
  if (env.PULUMI_BACKEND_URL || !existsSync(localState)) {
    return { command, env: binDir ? { ...env, PATH: [binDir, env.PATH].filter(Boolean).join(delimiter) } : env };
  }
  const pulumiHome = env.PULUMI_HOME || join(cwd, ".hubjobs", "pulumi-home");
  return { command, env: offlineEnv({ backendUrl: `file://${localState}`, pulumiHome, base: env, ...(binDir ? { binDir } : {}) }) };
}

const execFileAsync = promisify(execFile);

/** `pulumi stack output --json --show-secrets --stack <stack>`, parsed. */
export async function readStackOutputsWithPulumi(stack: string, cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, unknown>> {
  const { command, env: runEnv } = stackCommand(env, cwd);
  try {
    const { stdout } = await execFileAsync(command, ["stack", "output", "--json", "--show-secrets", "--stack", stack], { cwd, env: runEnv, maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout) as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: unknown }).code === "ENOENT") {
      throw new Error("no `pulumi` found (run scripts/setup-pulumi.sh, or install Pulumi)", { cause: e });
    }
    // pulumi's own explanation ("no stack named 'x' found") is on stderr; the first line says it.
    const stderr = String((e as { stderr?: unknown }).stderr ?? "").trim();
    throw new Error(stderr.split("\n").find((line) => line.trim() !== "") ?? (e as Error).message, { cause: e });
  }
}
