// Reads the program configuration from the running stack.
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { projectRoot } from "./project-root.ts";
import { readProgramConfig } from "./read-config.ts";
import type { ProgramConfig } from "./types.ts";

export function loadProgramConfig(root = projectRoot()): ProgramConfig {
  const config = new pulumi.Config("hubjobs");
  return readProgramConfig({
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
