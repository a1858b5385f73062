// What `npm start` needs to know of the dev stack's configuration (Pulumi.dev.yaml) before Pulumi
// runs: where the stack expects its embedded hub, where that hub keeps its data, and whether the
// admin key is set in the stack (then it is a secret only Pulumi can read).
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { configDefaults } from "../../src/config/read-config.ts";
import { cloneRoot } from "./clone-root.ts";

export const DEV_STACK = "dev";

export interface DevHubSettings {
  /** hubjobs:emulatorUrl, e.g. http://127.0.0.1:4300. */
  url: string;
  /** hubjobs:emulatorDataDir, absolute. */
  dataDir: string;
  /** True when hubjobs:emulatorAdminKey is set in the stack file. */
  adminKeyInStack: boolean;
}

export function devHubSettings(root: string = cloneRoot): DevHubSettings {
  const file = path.join(root, `Pulumi.${DEV_STACK}.yaml`);
  let config: Record<string, unknown> = {};
  try {
    config = existsSync(file) ? ((parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null)?.config ?? {}) : {};
  } catch {
    // A stack file that is not YAML: Pulumi itself reports it, with its line, when it reads the stack.
  }
  const text = (key: string): string | undefined => (typeof config[`hubjobs:${key}`] === "string" ? (config[`hubjobs:${key}`] as string) : undefined);
  return {
    url: text("emulatorUrl") ?? configDefaults.emulatorUrl,
    dataDir: path.resolve(root, text("emulatorDataDir") ?? configDefaults.emulatorDataDir),
    adminKeyInStack: config["hubjobs:emulatorAdminKey"] !== undefined,
  };
}

/** The project's name (Pulumi.yaml `name`): the local backend files its stacks under it. */
export function projectName(root: string = cloneRoot): string {
  const project = parse(readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { name?: unknown };
  return typeof project.name === "string" ? project.name : "hubjobs";
}
