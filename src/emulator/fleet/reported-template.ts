// The reported properties a simulated device writes when it answers a direct method, written in
// the fleet file as a template: `UpdateFirmware: { reported: { firmwareVersion: "$payload.version" } }`.
// A string value is an expression when it starts with `$`:
//   `$payload`          the method's request payload
//   `$payload.a.b`      a value inside it (array items by index: `$payload.items.0`)
//   `$now`              the hub clock's time, ISO 8601 (e.g. a `lastRebootTime`)
//   `$$text`            the literal string `$text`
// A `$payload` path the request does not have (or that holds null) leaves its key out: a device does not report what it
// was not told. Any other `$` string is refused when the fleet is checked, naming its place.

export type ReportedTemplate = Record<string, unknown>;

const PAYLOAD = /^\$payload((?:\.[^.]+)*)$/;

/** Problems of a template, each with the JSON pointer of the value at fault (`pointer` is the template's). */
export function templateProblems(template: ReportedTemplate, pointer: string): { pointer: string; message: string }[] {
  const problems: { pointer: string; message: string }[] = [];
  const walk = (value: unknown, at: string): void => {
    if (typeof value === "string") {
      if (value.startsWith("$") && !value.startsWith("$$") && value !== "$now" && !PAYLOAD.test(value)) {
        problems.push({ pointer: at, message: `'${value}' is not an expression: use $payload, $payload.<path>, $now, or $$ for a literal '$'` });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${at}/${i}`));
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) walk(item, `${at}/${pointerSegment(key)}`);
    }
  };
  walk(template, pointer);
  return problems;
}

const MISSING = Symbol("missing");

/** The reported patch for one answered call: expressions filled in, missing payload paths left out. */
export function resolveReported(template: ReportedTemplate, payload: unknown, now: Date): Record<string, unknown> {
  const fill = (value: unknown): unknown => {
    if (typeof value === "string") return expression(value, payload, now);
    if (Array.isArray(value)) return value.map(fill).filter((v) => v !== MISSING);
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const filled = fill(item);
        if (filled !== MISSING) out[key] = filled;
      }
      return out;
    }
    return value;
  };
  return fill(template) as Record<string, unknown>;
}

function expression(text: string, payload: unknown, now: Date): unknown {
  if (text.startsWith("$$")) return text.slice(1);
  if (text === "$now") return now.toISOString();
  const match = PAYLOAD.exec(text);
  if (!match) return text;
  let value: unknown = payload;
  for (const segment of match[1]!.split(".").slice(1)) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, segment)) return MISSING;
    value = (value as Record<string, unknown>)[segment];
  }
  // null in a reported patch would delete the property: a device told nothing reports nothing.
  return value === undefined || value === null ? MISSING : value;
}

/** The reported-property writes a device makes (Registry.reportProperties fits). */
export interface ReportedWriter {
  reportProperties(hub: string, deviceId: string, reported: Record<string, unknown>): void;
}

/**
 * Writes a method's reported template for the device answering it. A write the twin refuses
 * (over a size limit, or the device was deleted meanwhile) is lost, as a device's failed report
 * is; the method's answer stands.
 */
export function reportAfterMethod(writer: ReportedWriter, hub: string, deviceId: string, template: ReportedTemplate, payload: unknown, now: Date): void {
  const patch = resolveReported(template, payload, now);
  if (Object.keys(patch).length === 0) return;
  try {
    writer.reportProperties(hub, deviceId, patch);
  } catch {
    // See above: the device answered; its report did not arrive.
  }
}

/** A key as a JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
