// `hubjobs status [job...] [--watch] [--json] [--hub <conn|stack>]`: see src/cli/status/ and docs/status.md.
import type { CliIo } from "../status/cli-io.ts";
import { runStatus } from "../status/run-status.ts";

export function run(argv: string[], io: CliIo): Promise<number> {
  return runStatus(argv, io);
}
