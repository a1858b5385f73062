// Job inputs as the program would pass them, built per test from a counter-free template.
import type { JobRequest } from "../../src/iothub/types.ts";
import type { JobInputs } from "../../src/provider/job-types.ts";

export function methodRequest(jobId: string, overrides: Partial<JobRequest> = {}): JobRequest {
  return {
    jobId,
    type: "scheduleDeviceMethod",
    queryCondition: "deviceId IN ['Device-1']",
    maxExecutionTimeInSeconds: 120,
    cloudToDeviceMethod: { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 5 },
    ...overrides,
  };
}

export function jobInputs(name: string, jobId: string, hub: JobInputs["hub"], overrides: Partial<JobInputs> = {}): JobInputs {
  return {
    name,
    jobId,
    kind: "DeviceMethodJob",
    request: methodRequest(jobId),
    description: "Lock the door",
    labels: { team: "facilities" },
    completion: { wait: true, timeoutSeconds: 60, maxFailedPercent: 0 },
    hub,
    ...overrides,
  };
}
