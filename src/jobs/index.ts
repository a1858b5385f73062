// The job domain: how a job's devices are found to have failed, and whether the job succeeded.
// One verdict for `pulumi up` (src/provider), `hubjobs status` and `hubjobs plan` (src/cli) and
// `npm start`'s summary (scripts/lib/job-outcomes.ts).
export { DeviceErrorLookup } from "./device-error-lookup.ts";
export {
  defaultDeviceErrorOptions,
  deviceErrorQuery,
  findDeviceErrors,
  hasDeviceAnswers,
  type DeviceErrorClient,
  type DeviceErrorCount,
  type DeviceErrorOptions,
  type DeviceErrors,
  type JobHead,
} from "./device-errors.ts";
export { answeringDevice, describeDevice, methodPayloadMaxChars, nameDevice, unreachableDevice, type FailedDevice } from "./failed-device.ts";
export { failedRowsQuery, findFailedDevices, type DeviceFindings, type FailedDeviceClient, type FindOptions, type JobWithStatistics } from "./failed-devices.ts";
export { judgeOutcome, type JobFacts, type JobOutcome, type OutcomeRule } from "./outcome.ts";
export { anyFailedDeviceFails, describeRule, judgedStatistics, judgeJob, manifestRule, type OutcomeProblem, type Verdict, type VerdictProblem, type VerdictOutcome, type VerdictRule } from "./verdict.ts";
