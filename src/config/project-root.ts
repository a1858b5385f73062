// The directory relative config paths (jobsDir, fleetFile, emulatorDataDir) are read from: the
// project root (where Pulumi.yaml is). The program's working directory is not reliable: with
// `main: src/index.ts` the engine may start the program in `src/`.
import * as pulumi from "@pulumi/pulumi";

export function projectRoot(): string {
  return pulumi.runtime.getRootDirectory() || process.cwd();
}
