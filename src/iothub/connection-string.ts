// Parses `HostName=<host>;SharedAccessKeyName=<policy>;SharedAccessKey=<key>`. Errors name the missing
// or malformed part and never repeat the key, since messages end up in logs and Pulumi diagnostics.

export interface ConnectionString {
  hostName: string;
  sharedAccessKeyName: string;
  /** Base64 key, as given. */
  sharedAccessKey: string;
}

export type ConnectionStringProblem = "Empty" | "MalformedPart" | "MissingPart" | "KeyNotBase64";

export class ConnectionStringError extends Error {
  readonly code: ConnectionStringProblem;
  /** The part at fault (`HostName`, `SharedAccessKeyName`, `SharedAccessKey`), when one is. */
  readonly part: string | undefined;
  constructor(code: ConnectionStringProblem, message: string, part?: string) {
    super(message);
    this.name = "ConnectionStringError";
    this.code = code;
    this.part = part;
  }
}

const requiredParts = ["HostName", "SharedAccessKeyName", "SharedAccessKey"] as const;

export function parseConnectionString(text: string): ConnectionString {
  if (typeof text !== "string" || text.trim() === "") {
    throw new ConnectionStringError("Empty", "IoT Hub connection string is empty; expected HostName=...;SharedAccessKeyName=...;SharedAccessKey=...");
  }
  const parts = new Map<string, string>();
  for (const segment of text.split(";")) {
    if (segment.trim() === "") continue;
    const eq = segment.indexOf("=");
    if (eq <= 0) {
      // Do not echo the segment: it could be (part of) the key.
      throw new ConnectionStringError("MalformedPart", "IoT Hub connection string has a part without `name=value`");
    }
    // Keys are base64 and may end in '=': only the first '=' separates name from value.
    parts.set(segment.slice(0, eq).trim(), segment.slice(eq + 1).trim());
  }
  for (const name of requiredParts) {
    if (!parts.get(name)) {
      throw new ConnectionStringError("MissingPart", `IoT Hub connection string is missing ${name}`, name);
    }
  }
  const key = parts.get("SharedAccessKey")!;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) {
    throw new ConnectionStringError("KeyNotBase64", "IoT Hub connection string SharedAccessKey is not base64", "SharedAccessKey");
  }
  return { hostName: parts.get("HostName")!, sharedAccessKeyName: parts.get("SharedAccessKeyName")!, sharedAccessKey: key };
}

export function formatConnectionString(cs: ConnectionString): string {
  return `HostName=${cs.hostName};SharedAccessKeyName=${cs.sharedAccessKeyName};SharedAccessKey=${cs.sharedAccessKey}`;
}
