// `hubjobs status [job...] [--watch] [--json] [--hub <conn|stack>]`: see src/cli/status/ and docs/status.md.
import type { CommandIo } from "../io.ts";
import { runStatus } from "../status/run-status.ts";

export function run(argv: string[], io: CommandIo): Promise<number> {
  return runStatus(argv, io);
}
