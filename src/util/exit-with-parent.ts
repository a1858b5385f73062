// No process outlives its parent. The Pulumi engine starts the dynamic-provider process and the
// language host; when the engine is killed (SIGKILL, a closed laptop), nothing tells them: the
// gRPC server just stops hearing from it. An orphan provider kept polling a hub, and once the hub was
// gone it spun at 95% CPU writing to a closed pipe. Node's `process.ppid` is read live, so a slow
// timer notices the reparenting within a second and ends the process.

const CHECK_INTERVAL_MS = 500;

let watching = false;

/**
 * Exits (code 1, after `onExit`) as soon as this process's parent changes. Idempotent; the timer does
 * not keep the process alive. A process started by init (ppid 1) has nothing to watch.
 */
export function exitWithParent(onExit: () => void = () => {}): void {
  if (watching) return;
  const parent = process.ppid;
  if (parent <= 1) return;
  watching = true;
  setInterval(() => {
    if (process.ppid === parent) return;
    try {
      onExit();
    } finally {
      process.exit(1);
    }
  }, CHECK_INTERVAL_MS).unref();
  // The engine's end of stdout/stderr closes with it: a write then fails with EPIPE, which must end
  // the process rather than throw from every log line (what made the orphan spin).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(1);
    });
  }
}

/** True in the process the engine runs dynamic providers in (`@pulumi/pulumi/cmd/dynamic-provider`). */
export function isDynamicProviderProcess(argv: readonly string[] = process.argv): boolean {
  return argv.some((arg) => /[\\/]cmd[\\/]dynamic-provider([\\/]|$)/.test(arg));
}
