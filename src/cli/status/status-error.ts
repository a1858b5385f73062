// Errors of `hubjobs status` (and of resolving `--hub`, shared with `plan --hub`) are data: a code
// the tests assert and a message a person can act on. Exit code 2 = the command could not ask.
export type StatusErrorCode =
  | "E_USAGE"
  | "E_HUB_NOT_FOUND"
  | "E_HUB_UNREACHABLE"
  | "E_STACK_OUTPUTS"
  | "E_JOB_NOT_FOUND";

export class StatusError extends Error {
  readonly code: StatusErrorCode;
  constructor(code: StatusErrorCode, message: string) {
    super(message);
    this.name = "StatusError";
    this.code = code;
  }
}
