// The job resource and its dynamic provider. Pulumi serializes the provider object into state and
// runs it in a separate process, so its methods capture nothing but the module URL below: each one
// imports job-impl.ts at run time and delegates. No client, credential or large object is captured;
// credentials travel as (secret) inputs. test/provider/serialization.test.ts checks this.
import * as pulumi from "@pulumi/pulumi";
import { importImpl } from "./impl-loader.ts";
import { suspendStackTraces } from "./registration-stack-traces.ts";
import type { JobRequest } from "../iothub/types.ts";
import type { FailedDevice, JobOutcome } from "../jobs/index.ts";
import type { CompiledRollout } from "../manifest/types.ts";
import type { CompletionInputs, HubAccessInputs, JobInputs, JobOutputs, WaveRecord } from "./job-types.ts";

const jobImplUrl: string = new URL("./job-impl.ts", import.meta.url).href;
const jobImplPath = "src/provider/job-impl.ts";
type Impl = typeof import("./job-impl.ts");

export const jobProvider = {
  async check(olds: JobInputs, news: JobInputs) {
    const impl = await importImpl<Impl>(jobImplUrl, jobImplPath);
    return impl.check(olds, news);
  },
  async diff(id: string, olds: JobOutputs, news: JobInputs) {
    const impl = await importImpl<Impl>(jobImplUrl, jobImplPath);
    return impl.diff(id, olds, news);
  },
  async create(inputs: JobInputs) {
    const impl = await importImpl<Impl>(jobImplUrl, jobImplPath);
    return impl.create(inputs);
  },
  async read(id: string, props?: JobOutputs) {
    const impl = await importImpl<Impl>(jobImplUrl, jobImplPath);
    return impl.read(id, props);
  },
  async update(id: string, olds: JobOutputs, news: JobInputs) {
    const impl = await importImpl<Impl>(jobImplUrl, jobImplPath);
    return impl.update(id, olds, news);
  },
  async delete(id: string, props: JobOutputs) {
    const impl = await importImpl<Impl>(jobImplUrl, jobImplPath);
    return impl.remove(id, props);
  },
} satisfies pulumi.dynamic.ResourceProvider<JobInputs, JobOutputs>;

export interface JobResourceArgs {
  name: pulumi.Input<string>;
  jobId: pulumi.Input<string>;
  kind: pulumi.Input<string>;
  request: pulumi.Input<JobRequest>;
  rollout?: pulumi.Input<CompiledRollout>;
  description?: pulumi.Input<string>;
  labels?: pulumi.Input<Record<string, string>>;
  completion: pulumi.Input<CompletionInputs>;
  /** Keep `connectionString` secret (pulumi.secret); the whole `hub` output is recorded as secret. */
  hub: pulumi.Input<HubAccessInputs>;
  submitDeadlineSeconds?: pulumi.Input<number>;
  /** Which hub, from configuration (src/hub/types.ts `identity`). */
  hubIdentity?: pulumi.Input<string>;
  /** The job id state records for this manifest (src/provider/recorded-stack.ts). */
  recordedJobId?: pulumi.Input<string>;
  /** The job this manifest had when it was last removed from the stack (src/provider/retired-jobs.ts). */
  retiredJobId?: pulumi.Input<string>;
}

/** One IoT Hub job, applied once per compiled request. */
export class JobResource extends pulumi.dynamic.Resource {
  // `declare`: the base constructor sets these; a class field would overwrite them with undefined.
  declare readonly jobId: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly deviceJobStatistics: pulumi.Output<JobOutputs["deviceJobStatistics"]>;
  declare readonly failedDevices: pulumi.Output<FailedDevice[]>;
  /** Method jobs: devices that answered an error status (at least this many when `deviceErrorCountCapped`). */
  declare readonly deviceErrorCount: pulumi.Output<number | null | undefined>;
  declare readonly deviceErrorCountCapped: pulumi.Output<boolean | null | undefined>;
  declare readonly submittedAt: pulumi.Output<string | undefined>;
  declare readonly endTime: pulumi.Output<string | undefined>;
  declare readonly appliedAt: pulumi.Output<string>;
  declare readonly adopted: pulumi.Output<boolean>;
  declare readonly outcome: pulumi.Output<JobOutcome>;
  /** A rollout's waves as they ran (absent for a plain job). */
  declare readonly waves: pulumi.Output<WaveRecord[] | undefined>;
  /** Set by the provider's check: the id state recorded before this run (equal to jobId when nothing runs). */
  declare readonly priorJobId: pulumi.Output<string | undefined>;
  /** Set by the provider's check when the work changed: the job this one replaces. */
  declare readonly supersedes: pulumi.Output<string | undefined>;

  constructor(name: string, args: JobResourceArgs, opts: pulumi.CustomResourceOptions = {}) {
    const outputsOnly = { type: undefined, status: undefined, deviceJobStatistics: undefined, failedDevices: undefined, deviceErrorCount: undefined, deviceErrorCountCapped: undefined, submittedAt: undefined, endTime: undefined, appliedAt: undefined, adopted: undefined, outcome: undefined, requestDigest: undefined, priorJobId: undefined, supersedes: undefined, waves: undefined };
    // Stack traces off while registering: per resource they cost more than everything else the
    // program does (src/provider/registration-stack-traces.ts).
    const restoreStackTraces = suspendStackTraces();
    try {
      super(jobProvider, name, { ...outputsOnly, ...args }, { ...opts, additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), "hub"] }, "hubjobs", "Job");
    } finally {
      restoreStackTraces();
    }
  }
}
