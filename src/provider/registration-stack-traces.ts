// Registering a resource is dominated, at scale, by stack traces nobody reads. @pulumi/pulumi wraps
// each promise behind a resource property in `debuggablePromise`, which records `new Error().stack`
// (four per property: about 90 for one job resource) only to print it if the promise leaks; under
// `pulumi preview`/`up` the SDK's runner has installed source-map-support, which source-maps every
// frame of every one. Measured with `node --cpu-prof` in the program: 1.8 s of a 200-manifest no-op
// preview (docs/engine.md, "Speed"). While a resource registers, stack traces are switched off; the
// leak report still names the resource and property (the promise's context), and the resource's own
// source position is unaffected (the SDK raises the limit itself to take it).

/** Switches stack-trace capture off until the returned function is called. */
export function suspendStackTraces(): () => void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}
