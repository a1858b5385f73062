// What is wrong in a fleet file's text, as configuration problems: YAML syntax, the fleet schema,
// repeated device ids, each with the file's line and column.
import { FleetError, parseFleet } from "../emulator/fleet/fleet-document.ts";

/** Every problem of the fleet text; [] when it is valid. */
export function fleetFileProblems(fleetFile: string, text: string): string[] {
  try {
    parseFleet(text, fleetFile);
    return [];
  } catch (err) {
    if (err instanceof FleetError) return err.problems.map((problem) => `hubjobs:fleetFile: ${problem.startsWith(fleetFile) ? problem : `${fleetFile}: ${problem}`}`);
    throw err;
  }
}
