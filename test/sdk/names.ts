// Device and job ids from a counter, never random (Azurite's lesson: random suffixes make failures
// impossible to reproduce). The run prefix keeps a real hub's ids unique across runs.
let counter = 0;

export function nextName(prefix: string, kind: string): string {
  counter += 1;
  return `${prefix}-${kind}-${counter}`;
}
