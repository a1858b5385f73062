// What the program pays to register job resources, as the Pulumi CLI runs it (its runner installs
// source-map-support, which maps every frame of every stack trace): JobResource, which suspends
// stack traces while it registers (src/provider/registration-stack-traces.ts), against the same
// resource registered directly through the SDK, which records about 90 traces per job resource.
// This is the program's share of every `pulumi preview` and `up`; it justifies keeping the suspension
// (issue 13 asks for a figure for every speed trick kept). CPU time, so a busy machine moves it little.
// Run: node bench/registration.bench.ts   (BENCH_QUICK=1: 50 resources, 3 rounds)
import { createRequire } from "node:module";
import { cpuUsage } from "node:process";
import * as pulumi from "@pulumi/pulumi";
import { JobResource, jobProvider } from "../src/provider/job-provider.ts";
import { installMocks } from "../test/program/mocks.ts";
import { jobInputs, methodRequest } from "../test/provider/fixtures.ts";

const quick = process.env.BENCH_QUICK === "1";
const COUNT = quick ? 50 : 200;
const ROUNDS = quick ? 3 : 5;

createRequire(import.meta.url)("source-map-support/register");
await installMocks();

let serial = 0;
const registered: pulumi.Resource[] = [];
function registerAll(register: (name: string, inputs: ReturnType<typeof jobInputs>) => pulumi.Resource): number {
  const start = cpuUsage();
  for (let i = 0; i < COUNT; i++) {
    const name = `bench-${serial++}`;
    const id = `${name}-abc123`;
    registered.push(register(name, jobInputs(name, id, { hostName: "h.azure-devices.net", auth: "sas", connectionString: "" }, { request: methodRequest(id) })));
  }
  const used = cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const suspended = (name: string, inputs: ReturnType<typeof jobInputs>) => new JobResource(name, inputs);
// The SDK registration JobResource makes, without the suspension around it. With the inputs only:
// JobResource also declares its output properties (each one more promise and more traces), so the
// saving printed is a lower bound.
class DirectJob extends pulumi.dynamic.Resource {}
const direct = (name: string, inputs: ReturnType<typeof jobInputs>) =>
  new DirectJob(jobProvider, name, inputs, { additionalSecretOutputs: ["hub"] }, "hubjobs", "Job");

registerAll(suspended);
registerAll(direct);
const withSuspension: number[] = [];
const withoutSuspension: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  withSuspension.push(registerAll(suspended));
  withoutSuspension.push(registerAll(direct));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const a = median(withSuspension);
const b = median(withoutSuspension);
console.log(`registration: ${COUNT} job resources under source-map-support, CPU median of ${ROUNDS}:`);
console.log(`registration:   JobResource (stack traces suspended) ${a.toFixed(0)} ms, registered directly ${b.toFixed(0)} ms: at least ${(b - a).toFixed(0)} ms saved per ${COUNT} manifests (${((b - a) / COUNT).toFixed(1)} ms each)`);
// Let every registration finish (the mocks answer them), or the SDK reports them as leaked at exit.
await Promise.all(registered.map((resource) => new Promise((resolve) => resource.urn.apply(resolve))));
