// Reading what `pulumi preview` shows a reviewer: the diagnostics of `--json`, the blast-radius lines
// among them, and a stack output as the `--diff` text prints it. `--json` leaves stack outputs out
// (the Stack step's newState carries none in a preview), so the `blastRadius` output, which the
// pull-request comment shows, can only be read from the text.

export interface PreviewDiagnostic {
  /** The resource the message is attached to; absent for stack-level messages. */
  urn?: string;
  message: string;
  severity: string;
}

/** The diagnostics of `pulumi preview --json`, messages without their trailing newline. */
export function previewDiagnostics(previewJson: string): PreviewDiagnostic[] {
  const parsed = JSON.parse(previewJson) as { diagnostics?: PreviewDiagnostic[] };
  return (parsed.diagnostics ?? []).map((d) => ({ ...d, message: d.message.replace(/\n$/, "") }));
}

export interface BlastRadiusLine {
  job: string;
  matched: number;
  offline: number;
  /** What the tier's job limit means for it, e.g. `starts at once (1 of 5 job slots busy)`. */
  queue: string;
  /** How long it takes at least, e.g. `at least 1 s at S2's 10 device operations/s`; absent when nothing new runs. */
  forecast?: string;
}

const blastLinePattern = /^(\S+): this job touches ([\d,]+) devices? \((none|[\d,]+) offline[^)]*\); (.+?)(?:; takes (at least .+))?$/;

/** A "<job>: this job touches N devices (M offline); <queue>[; takes <forecast>]" diagnostic, or undefined for any other message. */
export function parseBlastRadiusLine(message: string): BlastRadiusLine | undefined {
  const m = blastLinePattern.exec(message);
  if (!m) return undefined;
  const count = (text: string) => (text === "none" ? 0 : Number(text.replaceAll(",", "")));
  return { job: m[1]!, matched: count(m[2]!), offline: count(m[3]!), queue: m[4]!, ...(m[5] ? { forecast: m[5] } : {}) };
}

/** The blast-radius lines among a preview's diagnostics, with the resource each is attached to. */
export function blastRadiusLines(diagnostics: readonly PreviewDiagnostic[]): Array<BlastRadiusLine & { urn: string | undefined }> {
  return diagnostics.flatMap((d) => {
    const line = parseBlastRadiusLine(d.message);
    return line ? [{ ...line, urn: d.urn }] : [];
  });
}

/** A diff marker (`+`, `-`, `~`, `+-`) then `key: value`, as the CLI prints properties and outputs. */
const propertyPattern = /^\s*(?:[-+~]+\s+)?([^\s:][^:]*?)\s*:\s?(.*)$/;

function scalar(text: string): unknown {
  // An updated value reads `old => new`; the preview's value is the new one.
  const value = text.includes(" => ") ? text.slice(text.lastIndexOf(" => ") + 4) : text;
  try {
    return JSON.parse(value);
  } catch {
    return value; // `[unknown]`, `[secret]`
  }
}

/**
 * A stack output as the text of `pulumi preview` (or `--diff`) prints it in its outputs section,
 * as plain data: objects become objects, `"text"` and numbers their values, `[unknown]` stays the
 * string "[unknown]". Undefined when the output is not shown. Arrays are not needed here and throw.
 */
export function previewStackOutput(previewText: string, name: string): unknown {
  const lines = previewText.split("\n");
  const section = lines.findIndex((l) => /^\s*(--outputs:--|Outputs:)\s*$/.test(l));
  if (section < 0) return undefined;
  const start = lines.findIndex((l, i) => i > section && propertyPattern.exec(l)?.[1] === name);
  if (start < 0) return undefined;

  const first = propertyPattern.exec(lines[start]!)![2]!.trim();
  if (first !== "{") return scalar(first);
  const root: Record<string, unknown> = {};
  const open: Array<Record<string, unknown>> = [root];
  for (const line of lines.slice(start + 1)) {
    const current = open.at(-1)!;
    if (/^\s*(?:[-+~]+\s+)?\}\s*$/.test(line)) {
      open.pop();
      if (open.length === 0) return root;
      continue;
    }
    const property = propertyPattern.exec(line);
    if (!property) throw new Error(`unexpected line in output ${name}: ${JSON.stringify(line)}`);
    const value = property[2]!.trim();
    if (value === "[") throw new Error(`arrays in output ${name} are not supported: ${JSON.stringify(line)}`);
    if (value === "{") {
      const child: Record<string, unknown> = {};
      current[property[1]!] = child;
      open.push(child);
    } else {
      current[property[1]!] = scalar(value);
    }
  }
  throw new Error(`output ${name} is not closed in the preview text`);
}
