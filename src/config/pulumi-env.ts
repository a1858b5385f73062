// Where the Pulumi engine is and the environment that runs it offline: a local file backend, a
// passphrase secrets provider, no update check, no plugin downloads. Used by `npm start`,
// `npm run pulumi`, `hubjobs status --hub <stack>`, the end-to-end tests and the benchmarks.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const PULUMI_VERSION = "v3.274.1";

/** The repository this code is in (this file is src/config/pulumi-env.ts). */
export const repoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Passphrase for the local dev stacks' secrets when PULUMI_CONFIG_PASSPHRASE is not set: it guards
 * nothing real (the embedded hub's keys are generated locally), it only keeps secrets out of plain text. */
export const LOCAL_PASSPHRASE = "hubjobs-local-dev";

/** The cached build of scripts/setup-pulumi.sh. */
export function cachedBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.HUBJOBS_CACHE || path.join(homedir(), ".cache", "hubjobs");
  return path.join(cache, "pulumi", PULUMI_VERSION, "bin");
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return dir;
  }
  return undefined;
}

/** The directory holding `pulumi`: HUBJOBS_PULUMI_BIN, else the cached build, else PATH; undefined when none. */
export function findPulumiBinDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.HUBJOBS_PULUMI_BIN && existsSync(path.join(env.HUBJOBS_PULUMI_BIN, "pulumi"))) return env.HUBJOBS_PULUMI_BIN;
  const cached = cachedBinDir(env);
  if (existsSync(path.join(cached, "pulumi"))) return cached;
  return onPath("pulumi", env);
}

export type OfflineOptions = {
  /** e.g. `file:///abs/dir`; the state of every stack lives there. */
  backendUrl: string;
  /** Pulumi's own home (plugins, credentials, workspace settings); kept out of the user's ~/.pulumi. */
  pulumiHome: string;
  /** Directory of `pulumi`; defaults to findPulumiBinDir(). */
  binDir?: string;
  base?: NodeJS.ProcessEnv;
  /** No colours or progress animation: for logs and tests. */
  plainOutput?: boolean;
  /** The project the engine runs (HUBJOBS_ROOT, its node_modules/.bin); default this repository. */
  root?: string;
};

/** The environment for running the real `pulumi` CLI offline against this project. */
export function offlineEnv(options: OfflineOptions): NodeJS.ProcessEnv {
  const base = options.base ?? process.env;
  const binDir = options.binDir ?? findPulumiBinDir(base);
  const root = options.root ?? repoRoot;
  const pathParts = [binDir, path.join(root, "node_modules", ".bin"), base.PATH].filter(Boolean);
  return {
    ...base,
    PATH: pathParts.join(path.delimiter),
    HUBJOBS_ROOT: root,
    PULUMI_BACKEND_URL: options.backendUrl,
    PULUMI_HOME: options.pulumiHome,
    PULUMI_CONFIG_PASSPHRASE: base.PULUMI_CONFIG_PASSPHRASE ?? LOCAL_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ...(options.plainOutput ? { PULUMI_NON_INTERACTIVE: "true", NO_COLOR: "1" } : {}),
  };
}
