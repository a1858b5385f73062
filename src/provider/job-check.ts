// Validates job inputs before anything is sent, reporting each failure against its property.
import type * as pulumi from "@pulumi/pulumi";
import jobSchema from "../../schemas/job.schema.json" with { type: "json" };
import { jobIdentity } from "./job-lineage.ts";
import type { JobInputs } from "./job-types.ts";

/** metadata.name's rule, read from the schema the manifest was validated against. */
const NAME = new RegExp(jobSchema.$defs.metadata.properties.name.pattern);

/** What the engine passes for a value not known yet (during preview, e.g. a hub still to be created). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const isUnknown = (v: unknown) => v === unknownValue;

/**
 * Validates `news` and gives the job its id in this stack (src/provider/job-lineage.ts), from `olds`:
 * the inputs state recorded for this resource, `{}` when it is new.
 */
export function checkJob(olds: Partial<JobInputs> | undefined, news: Partial<JobInputs>): pulumi.dynamic.CheckResult<JobInputs> {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });

  if (typeof news.name !== "string" || !NAME.test(news.name)) fail("name", "must be a lower-case DNS-style name (metadata.name)");
  if (typeof news.jobId !== "string" || news.jobId.length === 0 || news.jobId.length > 128) fail("jobId", "must be a non-empty string of at most 128 characters");
  const req = news.request;
  if (!req || typeof req !== "object") {
    fail("request", "must be the compiled jobs v2 request body");
  } else {
    if (req.type !== "scheduleDeviceMethod" && req.type !== "scheduleUpdateTwin") fail("request.type", "must be scheduleDeviceMethod or scheduleUpdateTwin");
    if (typeof req.queryCondition !== "string" || req.queryCondition.trim() === "") fail("request.queryCondition", "must be a WHERE clause or *");
    if (req.type === "scheduleDeviceMethod" && !req.cloudToDeviceMethod?.methodName) fail("request.cloudToDeviceMethod", "a method job needs cloudToDeviceMethod.methodName");
    if (req.type === "scheduleUpdateTwin" && !req.updateTwin) fail("request.updateTwin", "a twin job needs updateTwin");
    if (typeof news.jobId === "string" && req.jobId !== undefined && req.jobId !== news.jobId) fail("request.jobId", "must equal jobId");
    if (news.retiredJobId !== undefined && typeof news.retiredJobId !== "string") fail("retiredJobId", "must be a job id");
    if (news.recordedJobId !== undefined && typeof news.recordedJobId !== "string") fail("recordedJobId", "must be a job id");
  }
  const c = news.completion;
  if (!c || typeof c !== "object") {
    fail("completion", "is required");
  } else {
    if (typeof c.wait !== "boolean") fail("completion.wait", "must be a boolean");
    if (typeof c.timeoutSeconds !== "number" || !(c.timeoutSeconds > 0)) fail("completion.timeoutSeconds", "must be a positive number of seconds");
    if (typeof c.maxFailedPercent !== "number" || c.maxFailedPercent < 0 || c.maxFailedPercent > 100) fail("completion.maxFailedPercent", "must be between 0 and 100");
  }
  const hub = news.hub;
  if (isUnknown(hub)) {
    // Known at apply time; nothing to check yet.
  } else if (!hub || typeof hub !== "object") {
    fail("hub", "is required");
  } else {
    // Unknown during preview: only check what is known.
    if (hub.hostName !== undefined && !isUnknown(hub.hostName) && (typeof hub.hostName !== "string" || hub.hostName === "")) fail("hub.hostName", "must be the hub's host name");
    if (!isUnknown(hub.auth) && hub.auth !== "sas" && hub.auth !== "entra") fail("hub.auth", "must be sas or entra");
    if (hub.auth === "sas" && hub.connectionString === "") fail("hub.connectionString", "is required with sas auth");
  }
  if (failures.length > 0) return { inputs: news as JobInputs, failures };
  const inputs = news as JobInputs;
  const { priorJobId: _p, supersedes: _s, ...given } = inputs;
  const identity = jobIdentity(olds, given);
  return { inputs: { ...given, ...identity, request: { ...inputs.request, jobId: identity.jobId } } };
}
