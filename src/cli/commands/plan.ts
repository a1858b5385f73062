// `hubjobs plan [paths...] [--json]`: what each manifest will do, computed offline.
import { loadManifests } from "../../manifest/index.ts";
import { parseCommandArgs } from "../args.ts";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type CommandIo } from "../io.ts";
import { planBlastRadius, planHubHelp, planHubOptions } from "../plan-hub.ts";
import { planEntryJson, renderPlanEntry } from "../plan-render.ts";
import { countProblems, plural, reportProblems } from "../report-problems.ts";

export const HELP = `Usage: hubjobs plan [paths...] [--json] [--hub <connection string | stack>]

Shows what each job manifest will do, without contacting any hub: the IoT Hub
job id, kind, target query, method call or twin patch, schedule and
completion rules, exactly as they will be sent. Paths are files or
directories (searched recursively for .yaml/.yml); default: jobs/.
With --hub it also asks that hub how many devices each job touches now.

Invalid manifests are reported as by \`hubjobs validate\` and no plan is shown.

Options:
  --json       print {"ok", "jobs", "problems"} as JSON on stdout (problems
               also go to stderr, one line each)
${planHubHelp}  -h, --help   show this help

Exit codes: 0 plan shown, 1 a manifest is invalid, 2 usage error.
`;

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseCommandArgs(argv, { json: { type: "boolean" }, help: { type: "boolean", short: "h" }, ...planHubOptions });
  if (!args.ok) {
    io.stderr.write(`hubjobs plan: ${args.message}\n\n${HELP}`);
    return EXIT_USAGE;
  }
  if (args.values.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  const result = await loadManifests(args.positionals, { cwd: io.cwd, now: io.now ?? new Date(), mode: "validate" });
  const { errors, warnings } = countProblems(result.problems);
  const blast = errors > 0 ? ({ kind: "none" } as const) : await planBlastRadius(result.manifests.map((m) => m.job), args.values, io.env, io.cwd, { stderr: io.stderr });
  if (blast.kind === "error") {
    io.stderr.write(`${blast.message}\n`);
    return EXIT_USAGE;
  }
  if (args.values.json) {
    // stdout stays pure JSON for tools; people still see the problems on stderr.
    reportProblems(result.problems, io, io.stderr);
    const plan = { ok: errors === 0, jobs: result.manifests.map(planEntryJson), problems: result.problems, ...(blast.kind === "report" ? { blastRadius: blast.report } : {}) };
    io.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    return errors > 0 ? EXIT_INVALID : EXIT_OK;
  }
  reportProblems(result.problems, io);
  if (errors > 0) {
    io.stdout.write(`${plural(errors, "error")}, ${plural(warnings, "warning")}: no plan until the manifests are fixed\n`);
    return EXIT_INVALID;
  }
  if (result.problems.length > 0) io.stdout.write("\n");
  for (const entry of result.manifests) io.stdout.write(`${renderPlanEntry(entry)}\n\n`);
  if (blast.kind === "report") io.stdout.write(`${blast.lines.join("\n")}\n\n`);
  const methods = result.manifests.filter((m) => m.job.kind === "DeviceMethodJob").length;
  const offline = blast.kind === "none" ? " Nothing was sent: plan is offline." : " Nothing was submitted: the hub was only queried.";
  io.stdout.write(`${plural(result.manifests.length, "job")} (${plural(methods, "method job")}, ${plural(result.manifests.length - methods, "twin update job")}).${offline}\n`);
  return EXIT_OK;
}
