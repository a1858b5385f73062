// Reads the program configuration from the running stack.
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { projectRoot } from "./project-root.ts";
import { readProgramConfig } from "./read-config.ts";
import type { ProgramConfig } from "./types.ts";

export async function loadProgramConfig(root = projectRoot()): Promise<ProgramConfig> {
  const config = new pulumi.Config("hubjobs");
  // Loaded only when there is a fleet file to check: it brings the emulator's fleet schema.
  const fleetProblems = config.get("fleetFile") ? (await import("./fleet-file-problems.ts")).fleetFileProblems : undefined;
  return readProgramConfig({
    ...(fleetProblems ? { fleetProblems } : {}),
    get: (key) => config.get(key),
    env: process.env,
    readFile: (file) => {
      try {
        return readFileSync(file, "utf8");
      } catch {
        return undefined;
      }
    },
    cwd: root,
  });
}
