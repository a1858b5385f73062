// Writes manifest directories for program tests.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const lockDoor = `apiVersion: hubjobs/v1
kind: DeviceMethodJob
metadata:
  name: lock-doors-device-1
  description: Lock the door of Device-1
spec:
  target:
    deviceIds: [Device-1]
  method:
    name: LockDoor
    responseTimeout: 5s
    connectTimeout: 5s
  schedule:
    maxExecutionTime: 2m
`;

export const locateDevice = `apiVersion: hubjobs/v1
kind: TwinUpdateJob
metadata:
  name: locate-device-1
spec:
  target:
    deviceIds: [Device-1]
  twin:
    tags: { Building: "43", Floor: "3" }
  schedule:
    maxExecutionTime: 2m
`;

/** A project directory with `jobs/` holding the given files; returns its path. */
export function projectWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "hubjobs-program-"));
  mkdirSync(path.join(dir, "jobs"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, "jobs", name), text);
  return dir;
}
