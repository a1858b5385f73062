// `--hub <stack>` runs `pulumi stack output` with the project's engine and the clone's local backend,
// as `npm run pulumi` does, so `hubjobs status --hub dev` works right after `npm start`.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readStackOutputsWithPulumi, stackCommand } from "../../src/cli/status/stack-outputs.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "hubjobs-stack-outputs-"));
  dirs.push(dir);
  return dir;
}

/** A stand-in `pulumi` that answers `stack output` with what it was run with. */
function fakePulumi(): string {
  const binDir = tempDir();
  const script = [
    "#!/bin/sh",
    'if [ "$6" = "missing" ]; then echo "error: no stack named \'missing\' found" >&2; exit 255; fi',
    'printf \'{"args":"%s","backend":"%s","passphrase":"%s"}\\n\' "$*" "$PULUMI_BACKEND_URL" "$PULUMI_CONFIG_PASSPHRASE"',
  ].join("\n");
  writeFileSync(join(binDir, "pulumi"), `${script}\n`);
  chmodSync(join(binDir, "pulumi"), 0o755);
  return binDir;
}

function projectWithLocalState(): string {
  const cwd = tempDir();
  mkdirSync(join(cwd, ".hubjobs", "state"), { recursive: true });
  return cwd;
}

describe("stackCommand", () => {
  it("uses the project's engine and the clone's .hubjobs/state backend when no backend is chosen", () => {
    const binDir = fakePulumi();
    const cwd = projectWithLocalState();
    const { command, env } = stackCommand({ HUBJOBS_PULUMI_BIN: binDir, PATH: "/usr/bin" }, cwd);
    expect(command).toBe(join(binDir, "pulumi"));
    expect(env.PULUMI_BACKEND_URL).toBe(`file://${join(cwd, ".hubjobs", "state")}`);
    expect(env.PULUMI_HOME).toBe(join(cwd, ".hubjobs", "pulumi-home"));
    expect(env.PULUMI_CONFIG_PASSPHRASE).toBeTruthy();
  });

  it("keeps a backend the user chose, and leaves the backend alone outside a clone", () => {
    const binDir = fakePulumi();
    const chosen = stackCommand({ HUBJOBS_PULUMI_BIN: binDir, PULUMI_BACKEND_URL: "https://api.pulumi.com" }, projectWithLocalState());
    expect(chosen.env.PULUMI_BACKEND_URL).toBe("https://api.pulumi.com");
    const elsewhere = stackCommand({ HUBJOBS_PULUMI_BIN: binDir }, tempDir());
    expect(elsewhere.env.PULUMI_BACKEND_URL).toBeUndefined();
  });
});

describe("readStackOutputsWithPulumi", () => {
  it("runs `pulumi stack output --json --show-secrets` for the stack on the local backend", async () => {
    const cwd = projectWithLocalState();
    const outputs = await readStackOutputsWithPulumi("dev", cwd, { HUBJOBS_PULUMI_BIN: fakePulumi(), PATH: process.env.PATH });
    expect(outputs).toMatchObject({
      args: "stack output --json --show-secrets --stack dev",
      backend: `file://${join(cwd, ".hubjobs", "state")}`,
    });
  });

  it("says what pulumi said when the stack does not exist", async () => {
    const error = await readStackOutputsWithPulumi("missing", projectWithLocalState(), { HUBJOBS_PULUMI_BIN: fakePulumi(), PATH: process.env.PATH }).catch((e: Error) => e);
    expect(String(error)).toContain("no stack named 'missing' found");
  });

  it("says how to get an engine when there is none", async () => {
    const error = await readStackOutputsWithPulumi("dev", projectWithLocalState(), { HUBJOBS_CACHE: tempDir(), PATH: tempDir() }).catch((e: Error) => e);
    expect(String(error)).toContain("scripts/setup-pulumi.sh");
  });
});
