// What a user reads when a command fails: the reason and the way out, never a stack trace or the
// colour codes Node's inspector adds. Shared by the end-to-end and scripts tests.
import { expect } from "vitest";

/** Asserts that `output` holds no stack frame ("    at f (file:1:2)"), no escape character and no "unhandled exception". */
export function expectNoStackTrace(output: string): void {
  expect(output, output).not.toMatch(/^\s+at \S/m);
  expect(output.includes("\u001b"), `escape codes in:\n${JSON.stringify(output)}`).toBe(false);
  expect(output, output).not.toMatch(/unhandled exception/i);
}
