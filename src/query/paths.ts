// How a path in a query finds a value in a twin or a job row, and the case rule for names.
//
// Case rule: names the service defines (twin and job-row system properties such as `deviceId`,
// `status`, `connectionState`, `properties`, `desired`, `reported`, `capabilities.iotEdge`,
// `devices.jobs.jobId`) match case-insensitively, as the reference job's `DeviceId IN ['Device-1']`
// requires. Names the user chose (everything below `tags`, `properties.desired`, `properties.reported`
// and a method response's `payload`) match case-sensitively, exactly as stored in the twin.
// An unknown name at the system level (not in the tables below) also matches case-insensitively.
//
// Only own properties of JSON objects are read: a path never reaches into prototypes
// (`tags.constructor` is undefined), into arrays (`tags.list.length`, `tags.list['0']` are undefined:
// an array is a value, compared as a whole) or into strings (`deviceId.length` is undefined).

/** A subtree of service-defined names; `USER` marks an object whose children are user data. */
type SystemTree = { readonly [lowerName: string]: { name: string; children: SystemTree | "user" | undefined } };

function tree(entries: Record<string, SystemTree | "user" | undefined>): SystemTree {
  const out: Record<string, { name: string; children: SystemTree | "user" | undefined }> = {};
  for (const [name, children] of Object.entries(entries)) out[name.toLowerCase()] = { name, children };
  return out;
}

const LEAF = undefined;

/** Twin, module twin and `devices.jobs` row system properties, in the spelling the service sends. */
const SYSTEM: SystemTree = tree({
  deviceId: LEAF, moduleId: LEAF, etag: LEAF, deviceEtag: LEAF, version: LEAF, status: LEAF, statusReason: LEAF,
  statusUpdateTime: LEAF, connectionState: LEAF, lastActivityTime: LEAF, cloudToDeviceMessageCount: LEAF,
  authenticationType: LEAF, modelId: LEAF, deviceScope: LEAF, parentScopes: LEAF,
  x509Thumbprint: tree({ primaryThumbprint: LEAF, secondaryThumbprint: LEAF }),
  capabilities: tree({ iotEdge: LEAF }),
  tags: "user",
  properties: tree({ desired: "user", reported: "user" }),
  // devices.jobs rows
  jobId: LEAF, jobType: LEAF, startTimeUtc: LEAF, endTimeUtc: LEAF, createdDateTimeUtc: LEAF, lastUpdatedDateTimeUtc: LEAF,
  outcome: tree({ deviceMethodResponse: tree({ status: LEAF, payload: "user" }) }),
  error: tree({ code: LEAF, description: LEAF }),
});

/** One step of a path: the exact name to read first, and whether a differently cased key also matches. */
export interface PathStep {
  name: string;
  caseInsensitive: boolean;
}

/**
 * Resolves the case rule once, at compile time. A leading `devices.jobs` or `devices.modules` (as in
 * `devices.jobs.jobId`) names the row itself and is dropped.
 */
export function pathSteps(segments: readonly string[]): PathStep[] {
  let rest = segments;
  const [first, second] = segments;
  if (segments.length > 2 && first?.toLowerCase() === "devices" && (second?.toLowerCase() === "jobs" || second?.toLowerCase() === "modules")) {
    rest = segments.slice(2);
  }
  const steps: PathStep[] = [];
  let level: SystemTree | "user" | undefined = SYSTEM;
  for (const segment of rest) {
    if (level === "user") {
      steps.push({ name: segment, caseInsensitive: false });
      continue;
    }
    const known: { name: string; children: SystemTree | "user" | undefined } | undefined = level?.[segment.toLowerCase()];
    steps.push({ name: known?.name ?? segment, caseInsensitive: true });
    // Below an unknown system name we cannot tell system from user data; stay case-insensitive.
    level = known?.children;
  }
  return steps;
}

/** A canonical text for a path under the case rule, so `Status` and `status` group and compare alike. */
export function canonicalPath(segments: readonly string[]): string {
  return JSON.stringify(pathSteps(segments).map((s) => (s.caseInsensitive ? s.name.toLowerCase() : s.name)));
}

// Names that JSON values inherit (from objects, arrays, strings, numbers, booleans). Reading one needs
// an own-property check; any other name can be read with a plain property access, which is undefined
// on primitives and on objects that lack it.
const INHERITED = new Set<string>([
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Array.prototype),
  ...Object.getOwnPropertyNames(String.prototype),
  ...Object.getOwnPropertyNames(Number.prototype),
  ...Object.getOwnPropertyNames(Boolean.prototype),
]);

/** True for names a plain property read could find outside the object itself (`length`, `toString`, `0`...). */
export function needsOwnCheck(name: string): boolean {
  return INHERITED.has(name) || /^[0-9]+$/.test(name);
}

/** Reads an own property of a non-array object only: `length`, `constructor`, `0` are never inherited or indexed. */
export function readOwn(o: unknown, name: string, caseInsensitive: boolean): unknown {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return undefined;
  if (Object.hasOwn(o, name)) return (o as Record<string, unknown>)[name];
  return caseInsensitive ? findInsensitive(o, name) : undefined;
}

/** The exact name first (the usual case), then any key that differs only in case. */
export function readInsensitive(o: unknown, name: string): unknown {
  if (typeof o !== "object" || o === null) return undefined;
  const v = (o as Record<string, unknown>)[name];
  return v !== undefined ? v : findInsensitive(o, name);
}

function findInsensitive(o: object, name: string): unknown {
  if (Array.isArray(o)) return undefined;
  const lower = name.toLowerCase();
  for (const key of Object.keys(o)) {
    if (key.toLowerCase() === lower) return (o as Record<string, unknown>)[key];
  }
  return undefined;
}
