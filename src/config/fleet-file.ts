// The fleet file of a local hub (hubjobs:fleetFile) is read and checked with the rest of the
// configuration, so a missing or broken file is one more problem in the list, not a stack trace
// from deep inside the program. Its content is checked by fleet-file-problems.ts, which loads the
// emulator's fleet schema: only stacks with a fleet file pay for that.
import path from "node:path";

/** The problem to report when the fleet file cannot be read. */
export function unreadableFleetFile(fleetFile: string, absolute: string, reason?: string): string {
  return `hubjobs:fleetFile: cannot read ${fleetFile} (${absolute}${reason ? `: ${reason}` : ""})`;
}

/** Problems of the fleet file `fleetFile` (relative to `cwd`): unreadable, else whatever `contentProblems` finds in its text. */
export function checkFleetFile(
  fleetFile: string,
  cwd: string,
  readFile: (file: string) => string | undefined,
  contentProblems?: (fleetFile: string, text: string) => string[],
): string[] {
  const absolute = path.resolve(cwd, fleetFile);
  const text = readFile(absolute);
  if (text === undefined) return [unreadableFleetFile(fleetFile, absolute)];
  return contentProblems?.(fleetFile, text) ?? [];
}
