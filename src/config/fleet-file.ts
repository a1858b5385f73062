// The fleet file of a local hub (hubjobs:fleetFile) is read and checked with the rest of the
// configuration, so a missing or broken file is one more problem in the list, not a stack trace
// from deep inside the program.
import path from "node:path";
import { FleetError, parseFleet } from "../emulator/fleet/fleet-document.ts";

/** The problem to report when the fleet file cannot be read. */
export function unreadableFleetFile(fleetFile: string, absolute: string, reason?: string): string {
  return `hubjobs:fleetFile: cannot read ${fleetFile} (${absolute}${reason ? `: ${reason}` : ""})`;
}

/** Every problem of a fleet file's text: YAML syntax, schema, repeated device ids; [] when it is valid. */
export function fleetFileProblems(fleetFile: string, text: string): string[] {
  try {
    parseFleet(text, fleetFile);
    return [];
  } catch (err) {
    if (err instanceof FleetError) return err.problems.map((problem) => `hubjobs:fleetFile: ${problem.startsWith(fleetFile) ? problem : `${fleetFile}: ${problem}`}`);
    throw err;
  }
}

/** Problems of the fleet file `fleetFile` (relative to `cwd`), read with `readFile`. */
export function checkFleetFile(fleetFile: string, cwd: string, readFile: (file: string) => string | undefined): string[] {
  const absolute = path.resolve(cwd, fleetFile);
  const text = readFile(absolute);
  return text === undefined ? [unreadableFleetFile(fleetFile, absolute)] : fleetFileProblems(fleetFile, text);
}
