// The Pulumi program: config -> manifests (all validated first) -> hub -> one job resource per
// manifest -> stack outputs. Nothing is registered unless every manifest is valid.
import * as pulumi from "@pulumi/pulumi";
import { loadProgramConfig, projectRoot } from "./config/index.ts";
import type { ProgramConfig } from "./config/types.ts";
import { asExpectedFailure } from "./expected-failure.ts";
import { blastRadiusDiagnostics, isKnownOutput, recordedJob, type BlastConnection, type BlastRadiusOutput } from "./blast/index.ts";
import { provisionHub } from "./hub/index.ts";
import { hubTierOf, hubUnitsOf } from "./hub/tier.ts";
import { formatProblem, hasErrors, loadManifests, type CompletionRules } from "./manifest/index.ts";
import { JobResource } from "./provider/job-provider.ts";
import { reportJobOutcome } from "./provider/outcome-report.ts";
import { readRecordedStack, type RecordedStack } from "./provider/recorded-stack.ts";
import { retiredJobs, type RetiredJobs } from "./provider/retired-jobs.ts";

export interface JobStackOutput {
  jobId: pulumi.Output<string>;
  type: pulumi.Output<string>;
  status: pulumi.Output<string>;
  statistics: JobResource["deviceJobStatistics"];
  failedDevices: JobResource["failedDevices"];
  /** Method jobs: devices that answered an error status, which IoT Hub itself counts as succeeded. */
  deviceErrorCount: JobResource["deviceErrorCount"];
  /** Rollouts: each wave's job, status, counts and gate verdict. */
  waves?: JobResource["waves"];
  /** The manifest's completion rule, which the job is judged by (read by `hubjobs status --hub <stack>` and `npm start`). */
  completion: CompletionRules;
}

export interface StackOutputs {
  hubHostName: pulumi.Output<string>;
  /** Where clients connect when it is not `https://<hubHostName>/` (the emulator). */
  hubEndpoint: pulumi.Output<string | undefined>;
  /** Secret; absent with Entra auth. Read by `hubjobs status --hub <stack>`. */
  hubConnectionString: pulumi.Output<string | undefined>;
  /** F1, S1, S2 or S3 when the configuration says; read by `hubjobs status` and `plan --hub <stack>`. */
  hubTier: string | undefined;
  jobs: Record<string, JobStackOutput>;
  /** Per manifest name removed from jobs/, the job it had then; a re-added manifest runs again (src/provider/retired-jobs.ts). */
  retiredJobs?: RetiredJobs;
  /** Preview only: devices each job touches on the hub right now (see docs/reviewing.md). */
  blastRadius?: pulumi.Output<BlastRadiusOutput | undefined>;
}

export interface ProgramOptions {
  config?: ProgramConfig;
  cwd?: string;
  /** When this run started; jobs applied before it are not reported again. */
  startedAt?: number;
  /** What the stack's state records (tests); by default read from the backend's checkpoint. */
  recorded?: RecordedStack;
}

// Pulumi runs the default export (with no arguments) and turns its result into stack outputs. The
// module must have no other runtime export: Pulumi refuses a default export next to named ones.
// Tests call it with options; only types are exported besides it.
export default async function defineStack(options: ProgramOptions = {}): Promise<StackOutputs> {
  try {
    return await stack(options);
  } catch (err) {
    throw asExpectedFailure(err);
  }
}

async function stack(options: ProgramOptions): Promise<StackOutputs> {
  const startedAt = options.startedAt ?? Date.now();
  const cwd = options.cwd ?? projectRoot();
  const config = options.config ?? (await loadProgramConfig(cwd));

  // Every manifest is checked before any resource exists, so a typo never half-applies a directory.
  const loaded = await loadManifests([config.jobsDir], { cwd, mode: "apply", now: new Date(startedAt) });
  for (const p of loaded.problems.filter((p) => p.severity !== "error")) void pulumi.log.warn(formatProblem(p));
  if (hasErrors(loaded.problems)) {
    const errors = loaded.problems.filter((p) => p.severity === "error");
    throw new pulumi.RunError(`${errors.length} problem${errors.length === 1 ? "" : "s"} in manifests; nothing was applied:\n${errors.map(formatProblem).join("\n")}`);
  }

  const hub = provisionHub(config.hub, cwd);
  const recordedStack = options.recorded ?? (await readRecordedStack());
  const retired = retiredJobs(recordedStack, new Set(loaded.manifests.map((m) => m.job.name)));
  const jobs: Record<string, JobStackOutput> = {};
  const resources: Record<string, JobResource> = {};
  for (const { job } of loaded.manifests) {
    const resource = new JobResource(
      job.name,
      {
        name: job.name,
        jobId: job.jobId,
        kind: job.kind,
        request: job.request,
        ...(job.rollout ? { rollout: job.rollout } : {}),
        ...(job.description !== undefined ? { description: job.description } : {}),
        labels: job.labels,
        completion: job.completion,
        hub: hub.access,
        hubIdentity: hub.identity,
        ...(recordedStack.jobIds[job.name] !== undefined ? { recordedJobId: recordedStack.jobIds[job.name] } : retired[job.name] !== undefined ? { retiredJobId: retired[job.name] } : {}),
      },
      { dependsOn: hub.dependsOn },
    );
    resources[job.name] = resource;
    reportJobOutcome(resource, startedAt);
    jobs[job.name] = {
      jobId: resource.jobId,
      type: resource.type,
      status: resource.status,
      statistics: resource.deviceJobStatistics,
      failedDevices: resource.failedDevices,
      deviceErrorCount: resource.deviceErrorCount,
      ...(job.rollout ? { waves: resource.waves } : {}),
      completion: job.completion,
    };
  }
  const tier = hubTierOf(config.hub);
  const units = hubUnitsOf(config.hub);
  // The reviewer of a preview sees how many devices each job that may run would touch. Only in
  // preview: the counts cost hub queries, which S1/S2 hubs allow only 20 a minute; jobs recorded
  // unchanged in state run nothing and are not counted (src/blast/jobs-to-count.ts).
  const countOn = (connection: BlastConnection) =>
    blastRadiusDiagnostics(connection, loaded.manifests.map((m) => m.job), {
      ...(tier ? { tier } : {}),
      ...(units ? { units } : {}),
      recorded: async (name) => (resources[name] ? recordedJob(resources[name]) : undefined),
      runStartedAt: startedAt,
      log: {
        info: (message, name) => void pulumi.log.info(message, name === undefined ? undefined : resources[name]),
        warn: (message) => void pulumi.log.warn(message),
      },
    });
  // A hub this deployment creates (the first preview of a stack) has unknown access. A local hub
  // can still be counted, on the emulator's hub it adopts or on its fleet file; otherwise say the
  // counts are missing, so a reviewer does not read them as zero.
  const countBeforeTheHubExists = async (): Promise<BlastRadiusOutput | undefined> => {
    const source = await hub.previewCount?.();
    if (source) {
      await pulumi.log.info(source.note);
      return countOn(source.connection);
    }
    await pulumi.log.info("blast radius: not counted, the hub is created by this deployment; the next preview counts every job that will run");
    return undefined;
  };
  const blastRadius = pulumi.runtime.isDryRun()
    ? pulumi.unsecret(
        pulumi.output(isKnownOutput(hub.access)).apply((known): pulumi.Output<BlastRadiusOutput | undefined> =>
          known ? hub.access.apply((access) => countOn(access)) : pulumi.output(countBeforeTheHubExists())),
      )
    : undefined;
  return {
    hubHostName: hub.hostName,
    hubTier: tier,
    ...(blastRadius ? { blastRadius } : {}),
    hubEndpoint: pulumi.unsecret(hub.access.apply((a) => a.endpoint)),
    hubConnectionString: pulumi.secret(hub.access.apply((a) => a.connectionString)),
    jobs,
    // Only once something was removed: a stack that never removed a manifest keeps its outputs as they were.
    ...(Object.keys(retired).length > 0 ? { retiredJobs: retired } : {}),
  };
}
