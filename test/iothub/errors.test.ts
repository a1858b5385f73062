import { describe, expect, it } from "vitest";
import { parseErrorResponse } from "../../src/iothub/errors.ts";

describe("parseErrorResponse", () => {
  it("reads the ErrorCode:<Name>;<text> shape and the tracking id", () => {
    const e = parseErrorResponse(409, JSON.stringify({ Message: "ErrorCode:JobAlreadyExists;Job with id 'x' already exists", ExceptionMessage: "Tracking ID:abc123-G:0-TimeStamp:11/26/2026 05:00:00" }));
    expect(e).toMatchObject({ status: 409, errorCode: "JobAlreadyExists", message: "Job with id 'x' already exists", trackingId: "abc123", retryable: false });
  });

  it("reads the escaped JSON shape with a numeric code", () => {
    const inner = JSON.stringify({ errorCode: 404002, trackingId: "t-9", message: "Job not found", timestampUtc: "2026-11-26T05:00:00Z" });
    const e = parseErrorResponse(404, JSON.stringify({ Message: inner, ExceptionMessage: "" }));
    expect(e).toMatchObject({ status: 404, errorCode: "JobNotFound", message: "Job not found", trackingId: "t-9", retryable: false });
  });

  it.each([
    [429, "ThrottlingMaxActiveJobCountExceeded", true],
    [429, "ThrottlingException", true],
    [503, "ServerBusy", true],
    [500, "ServerError", true],
    [400, "ArgumentInvalid", false],
    [401, "IotHubUnauthorizedAccess", false],
  ])("status %i %s is retryable=%s", (status, code, retryable) => {
    const e = parseErrorResponse(status, JSON.stringify({ Message: `ErrorCode:${code};text` }));
    expect(e.errorCode).toBe(code);
    expect(e.retryable).toBe(retryable);
  });

  it("falls back to the status for bodies it cannot read, and takes Retry-After", () => {
    const e = parseErrorResponse(502, "<html>bad gateway</html>", { "retry-after": "3" });
    expect(e).toMatchObject({ status: 502, errorCode: "ServerError", retryable: true, retryAfterSeconds: 3 });
    expect(parseErrorResponse(404, "").errorCode).toBe("NotFound");
  });
});

describe("Retry-After, read as the Azure SDK's throttling policy reads it", () => {
  it("takes retry-after-ms and x-ms-retry-after-ms in milliseconds, before Retry-After", () => {
    expect(parseErrorResponse(429, "", { "retry-after-ms": "1500", "retry-after": "9" }).retryAfterSeconds).toBe(1.5);
    expect(parseErrorResponse(503, "", { "x-ms-retry-after-ms": "250" }).retryAfterSeconds).toBe(0.25);
  });

  it("takes Retry-After as an HTTP date, a past one meaning at once, and ignores what it cannot read", () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const seconds = parseErrorResponse(429, "", { "retry-after": inTenSeconds }).retryAfterSeconds!;
    expect(seconds).toBeGreaterThan(8);
    expect(seconds).toBeLessThanOrEqual(10);
    expect(parseErrorResponse(429, "", { "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT" }).retryAfterSeconds).toBe(0);
    expect(parseErrorResponse(429, "", { "retry-after": "soon" }).retryAfterSeconds).toBeUndefined();
    expect(parseErrorResponse(429, "", { "retry-after": "" }).retryAfterSeconds).toBeUndefined();
  });
});

describe("IotHubError.withMessage", () => {
  it("changes only the message: status, code, tracking id and retry hints stay", () => {
    const e = parseErrorResponse(429, JSON.stringify({ Message: "ErrorCode:ThrottlingException;slow down", ExceptionMessage: "Tracking ID:t-1-G:0-TimeStamp:x" }), { "retry-after": "7" });
    const wrapped = e.withMessage(`job a: ${e.describe()}`);
    expect(wrapped).toMatchObject({ status: 429, errorCode: "ThrottlingException", trackingId: "t-1", retryable: true, retryAfterSeconds: 7, message: "job a: 429 ThrottlingException: slow down (tracking id t-1)" });
    expect(e.message).toBe("slow down");
  });
});
