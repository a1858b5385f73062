// Caps text recorded in Pulumi state (failure reasons, device errors, method payloads), so state
// stays small whatever the hub or a device answers.

/** `s` itself, or its first `max - 1` characters and `…`. */
export function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
