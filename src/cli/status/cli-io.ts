// The streams and environment a command runs with (the dispatcher passes process's; tests pass
// string sinks). isTTY decides whether `--watch` may redraw in place.
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  cwd: string;
}
