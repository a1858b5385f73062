// `hubjobs <command>`: finds the command and loads only its module, so `validate` never
// loads the Pulumi or HTTP code that `hub` and `status` need.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { EXIT_OK, EXIT_USAGE, type Command, type CommandIo } from "./io.ts";

export type { CommandIo } from "./io.ts";

const COMMANDS = {
  validate: "check job manifests (schema, limits, queries); nothing is sent",
  plan: "show what each job will do, offline (--json for tools)",
  hub: "run the embedded IoT Hub emulator in the foreground",
  status: "show the status and device statistics of jobs on the hub",
  device: "print a device's connection string for the embedded hub (--create registers it)",
} as const;

type CommandName = keyof typeof COMMANDS;

export const HELP = `Usage: hubjobs <command> [options]

Azure IoT Hub jobs as code: YAML manifests in jobs/, applied with Pulumi.

Commands:
${Object.entries(COMMANDS).map(([name, summary]) => `  ${name.padEnd(10)}${summary}`).join("\n")}

Run \`hubjobs <command> --help\` for a command's options.

Options:
  -h, --help     show this help
  -v, --version  show the version

Exit codes: 0 success, 1 failure (e.g. an invalid manifest), 2 usage error.
`;

const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(HELP);
    return EXIT_USAGE;
  }
  if (first === "-h" || first === "--help") {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  if (first === "help") return rest[0] === undefined ? main(["--help"], io) : main([rest[0], "--help"], io);
  if (first === "-v" || first === "--version") {
    io.stdout.write(`${version()}\n`);
    return EXIT_OK;
  }
  if (!isCommand(first)) {
    io.stderr.write(`hubjobs: unknown command "${first}"\n\n${HELP}`);
    return EXIT_USAGE;
  }
  const run = await loadCommand(first);
  if (!run) {
    io.stderr.write(`hubjobs: the ${first} command is not available in this build\n`);
    return EXIT_USAGE;
  }
  return run(rest, io);
}

async function loadCommand(name: CommandName): Promise<Command | undefined> {
  const url = new URL(`./commands/${name}.ts`, import.meta.url);
  try {
    const module = (await import(url.href)) as { run?: Command };
    return module.run;
  } catch (e) {
    // Only a missing command file means "not available"; a bug inside one must surface.
    if ((e as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && String((e as Error).message).includes(fileURLToPath(url))) return undefined;
    throw e;
  }
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}
