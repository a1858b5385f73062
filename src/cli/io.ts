// What a command runs with: bin/hubjobs.js passes the process's streams and environment,
// tests pass string sinks. isTTY decides whether `status --watch` may redraw in place.
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CommandIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The clock for time-dependent checks (startTime horizon). Default: the real clock. Tests pin it. */
  now?: Date;
}

export type Command = (argv: string[], io: CommandIo) => Promise<number>;

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
