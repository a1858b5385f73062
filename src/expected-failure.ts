// A stack trace is for bugs. Failures the program expects (a configuration problem, a broken fleet
// file) reach the user the way manifest problems do: Pulumi prints a RunError's message alone, with
// no stack and none of the colour codes Node adds when it inspects other errors.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./config/types.ts";

/** `err` as the error the program should throw: a RunError for an expected failure, else `err` itself. */
export function asExpectedFailure(err: unknown): unknown {
  if (err instanceof ConfigError) {
    const n = err.problems.length;
    const stack = pulumi.getStack();
    return new pulumi.RunError(
      `${n} problem${n === 1 ? "" : "s"} in the hubjobs configuration of stack ${stack} (Pulumi.${stack}.yaml); nothing was applied:\n${err.problems.map((p) => `  ${p}`).join("\n")}`,
    );
  }
  return err;
}
