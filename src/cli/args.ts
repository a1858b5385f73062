import { parseArgs } from "node:util";

// Options of a command, parsed strictly: an unknown or malformed option is a usage error
// (exit 2) reported as data, not an exception.

export interface OptionSpec {
  type: "boolean" | "string";
  short?: string;
}

export type ParsedArgs =
  | { ok: true; values: Record<string, string | boolean | undefined>; positionals: string[] }
  | { ok: false; message: string };

export function parseCommandArgs(argv: string[], options: Record<string, OptionSpec>): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { ok: true, values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (e) {
    // node:util throws TypeErrors with ERR_PARSE_ARGS_* codes and a readable message.
    if (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS")) return { ok: false, message: e.message };
    throw e;
  }
}
