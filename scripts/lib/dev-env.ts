// The developer's own setup for `npm start` and `npm run pulumi`: state and Pulumi's home under
// .hubjobs/ in the clone (git-ignored), unless the user chose a backend or home of their own.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { findPulumiBinDir, offlineEnv } from "../../src/config/pulumi-env.ts";
import { cloneRoot } from "./clone-root.ts";
import { UserError } from "./user-error.ts";

export const hubjobsDir = path.join(cloneRoot, ".hubjobs");
export const localStateDir = path.join(hubjobsDir, "state");

/** Runs scripts/setup-pulumi.sh when no engine is found; returns the directory holding `pulumi`. */
export function ensurePulumi(): string {
  const found = findPulumiBinDir();
  if (found) return found;
  let out: string;
  try {
    out = execFileSync("bash", [path.join(cloneRoot, "scripts", "setup-pulumi.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
  } catch {
    // setup-pulumi.sh has printed its reason (no Go, a failed build) on stderr just above.
    throw new UserError("no Pulumi engine: scripts/setup-pulumi.sh could not provide one (its reason is above). Install pulumi 3.270 or later (https://www.pulumi.com/docs/install/) or Go, then run this again.");
  }
  const lines = out.trim().split("\n");
  return lines[lines.length - 1] ?? "";
}

/** Env for the dev stack: PULUMI_BACKEND_URL and PULUMI_HOME from the caller when set, else under .hubjobs/. */
export function devEnv(binDir: string): NodeJS.ProcessEnv {
  const backendUrl = process.env.PULUMI_BACKEND_URL || `file://${localStateDir}`;
  const pulumiHome = process.env.PULUMI_HOME || path.join(hubjobsDir, "pulumi-home");
  if (backendUrl.startsWith("file://")) mkdirSync(backendUrl.slice("file://".length), { recursive: true });
  mkdirSync(pulumiHome, { recursive: true });
  return offlineEnv({ backendUrl, pulumiHome, binDir, root: cloneRoot });
}
