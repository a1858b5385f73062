// The clone these scripts run in: the directory above scripts/. Where `npm start` keeps .hubjobs/,
// reads Pulumi.dev.yaml and runs the engine. Computed from this file, not from src/ (which a test's
// temporary clone links to the repository): a copy of scripts/ takes its own directory for the root.
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const cloneRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
