import type { ProblemCode, Severity } from "./problems.ts";

/**
 * A problem inside one document before it has a position. Positions are computed only for
 * findings (never for valid documents), which keeps validation of large sets cheap.
 */
export interface Finding {
  code: ProblemCode;
  severity: Severity;
  /** The pointer reported to the user. */
  pointer: string;
  message: string;
  /** Where to point in the YAML: the node at `at` (a pointer), its key or its value. */
  at: string;
  part: "key" | "value";
  /** An offset inside the string value at `at` (query syntax errors). */
  valueOffset?: number;
}

export function finding(code: ProblemCode, pointer: string, message: string, extra: Partial<Finding> = {}): Finding {
  return { code, severity: "error", pointer, message, at: pointer, part: "value", ...extra };
}
