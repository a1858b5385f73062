// Failures a user can act on (no engine, a hub that would not start) are printed as one line with
// the way out; a stack trace is for bugs. Scripts throw UserError and call reportUserErrors first.
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/** Prints an uncaught UserError as `<prefix>: <message>` and exits 1; anything else is a bug and keeps its stack. */
export function reportUserErrors(prefix: string): void {
  process.on("uncaughtException", (err) => {
    process.stderr.write(err instanceof UserError ? `${prefix}: ${err.message}\n` : `${err.stack ?? String(err)}\n`);
    process.exit(1);
  });
}
