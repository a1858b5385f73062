import { describe, expect, it } from "vitest";
import { checkJob, unknownValue } from "../../src/provider/job-check.ts";
import { jobInputs } from "./fixtures.ts";

const hub = { hostName: "dev.localhost", auth: "sas" as const, connectionString: "HostName=dev.localhost;SharedAccessKeyName=s;SharedAccessKey=AAAA" };

describe("checkJob", () => {
  it("accepts complete inputs", () => {
    expect(checkJob({}, jobInputs("lock", "lock-1", hub)).failures).toBeUndefined();
  });

  it("accepts a hub that is not known yet (preview before the hub exists)", () => {
    expect(checkJob({}, { ...jobInputs("lock", "lock-1", hub), hub: unknownValue as never }).failures).toBeUndefined();
    expect(checkJob({}, { ...jobInputs("lock", "lock-1", hub), hub: { hostName: unknownValue, auth: "sas", connectionString: unknownValue } }).failures).toBeUndefined();
  });

  it("reports each bad property", () => {
    const bad = { ...jobInputs("Lock_Doors", "", hub), completion: { wait: "yes", timeoutSeconds: 0, maxFailedPercent: 120 }, hub: { hostName: "", auth: "password" } } as never;
    const properties = checkJob({}, bad).failures!.map((f) => f.property).sort();
    expect(properties).toEqual(["completion.maxFailedPercent", "completion.timeoutSeconds", "completion.wait", "hub.auth", "hub.hostName", "jobId", "name"]);
  });

  it("requires the payload that matches the job type", () => {
    const twin = { ...jobInputs("t", "t-1", hub), request: { jobId: "t-1", type: "scheduleUpdateTwin" as const, queryCondition: "*" } };
    expect(checkJob({}, twin).failures?.map((f) => f.property)).toEqual(["request.updateTwin"]);
  });
});
