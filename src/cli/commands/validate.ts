// `hubjobs validate [paths...]`: every manifest checked, every problem printed, nothing sent.
import { loadManifests } from "../../manifest/index.ts";
import { parseCommandArgs } from "../args.ts";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type CommandIo } from "../io.ts";
import { countProblems, plural, reportProblems } from "../report-problems.ts";

export const HELP = `Usage: hubjobs validate [paths...]

Checks job manifests without contacting any hub: YAML syntax, the schema
(schemas/job.schema.json), IoT Hub limits, query syntax and unique names.
Paths are files or directories (searched recursively for .yaml/.yml);
default: jobs/.

Prints one line per problem:  jobs/x.yaml:12:7: error E_CODE: message
Under GitHub Actions (GITHUB_ACTIONS=true) each problem is also printed as
an ::error/::warning annotation so it shows on the pull request.

A startTime more than 168 hours ahead is a warning here and an error when
the job is applied.

Options:
  -h, --help   show this help

Exit codes: 0 all manifests valid (warnings allowed), 1 a manifest is
invalid, 2 usage error.
`;

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseCommandArgs(argv, { help: { type: "boolean", short: "h" } });
  if (!args.ok) {
    io.stderr.write(`hubjobs validate: ${args.message}\n\n${HELP}`);
    return EXIT_USAGE;
  }
  if (args.values.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  const result = await loadManifests(args.positionals, { cwd: io.cwd, now: io.now ?? new Date(), mode: "validate" });
  reportProblems(result.problems, io);
  const { errors, warnings } = countProblems(result.problems);
  const files = new Set(result.manifests.map((m) => m.file)).size;
  if (errors > 0) {
    io.stdout.write(`${plural(errors, "error")}, ${plural(warnings, "warning")}\n`);
    return EXIT_INVALID;
  }
  const warned = warnings > 0 ? ` (${plural(warnings, "warning")})` : "";
  io.stdout.write(`${plural(result.manifests.length, "manifest")} in ${plural(files, "file")} valid${warned}\n`);
  return EXIT_OK;
}
