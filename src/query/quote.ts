// Building query text from data. Values always go through quoteString, so no device id can end the
// string early and change what the query means (`'] OR 1=1` stays a string).

/** A single-quoted literal with `\` and `'` escaped; every other character is kept as is and read back unchanged. */
export function quoteString(s: string): string {
  return `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** `deviceId IN ['a','b']`, the condition a job targeting a list of devices sends. */
export function deviceIdsCondition(ids: readonly string[]): string {
  return `deviceId IN [${ids.map(quoteString).join(",")}]`;
}
