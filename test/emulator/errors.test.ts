// Every error factory against the service's numbering (the facts file's "numeric codes seen" and
// Microsoft's "Troubleshoot Azure IoT Hub error codes" list): the HTTP status is the first three
// digits of the numeric code, and the name is the service's.
import { describe, expect, it } from "vitest";
import * as errors from "../../src/emulator/errors.ts";
import * as jobErrors from "../../src/emulator/jobs/job-errors.ts";
import type { ServiceError } from "../../src/emulator/service-error.ts";

const cases: [string, ServiceError, number, string][] = [
  ["invalidProtocolVersion", errors.invalidProtocolVersion("1999-01-01"), 400001, "InvalidProtocolVersion"],
  ["invalidOperation", errors.invalidOperation("x"), 400003, "InvalidOperation"],
  ["argumentInvalid", errors.argumentInvalid("x"), 400004, "ArgumentInvalid"],
  ["argumentNull", errors.argumentNull("x"), 400005, "ArgumentNull"],
  ["iotHubFormatError", errors.iotHubFormatError("x"), 400006, "IotHubFormatError"],
  ["iotHubNotFound", errors.iotHubNotFound("h"), 401001, "IotHubNotFound"],
  ["iotHubUnauthorizedAccess", errors.iotHubUnauthorizedAccess(), 401002, "IotHubUnauthorizedAccess"],
  ["deviceNotFound", errors.deviceNotFound("d"), 404001, "DeviceNotFound"],
  ["jobNotFound", errors.jobNotFound("j"), 404002, "JobNotFound"],
  ["deviceNotOnline", errors.deviceNotOnline("d"), 404103, "DeviceNotOnline"],
  ["routeNotFound", errors.routeNotFound("GET", "/x"), 404000, "GenericNotFound"],
  ["methodNotAllowed", errors.methodNotAllowed("DELETE", "/twins/x"), 405000, "GenericMethodNotAllowed"],
  ["operationNotAllowedInCurrentState", jobErrors.operationNotAllowedInCurrentState("running"), 405102, "OperationNotAllowedInCurrentState"],
  ["deviceAlreadyExists", errors.deviceAlreadyExists("d"), 409001, "DeviceAlreadyExists"],
  ["jobAlreadyExists", jobErrors.jobAlreadyExists("j"), 409104, "JobAlreadyExists"],
  ["preconditionFailed", errors.preconditionFailed(), 412001, "PreconditionFailed"],
  ["messageTooLarge", errors.messageTooLarge("x"), 413001, "MessageTooLarge"],
  ["throttlingException", errors.throttlingException(), 429001, "ThrottlingException"],
  ["throttlingMaxActiveJobCountExceeded", jobErrors.throttlingMaxActiveJobCountExceeded(1), 429004, "ThrottlingMaxActiveJobCountExceeded"],
  ["serverError", errors.serverError(), 500001, "ServerError"],
  ["serviceUnavailable", errors.serviceUnavailable(), 503001, "ServiceUnavailable"],
  ["gatewayTimeout", errors.gatewayTimeout("d"), 504101, "GatewayTimeout"],
];

describe("error factories", () => {
  it.each(cases)("%s carries the service's numeric code, name and status", (_name, error, numeric, code) => {
    expect(error.numericCode).toBe(numeric);
    expect(error.errorCode).toBe(code);
    expect(error.status).toBe(Math.floor(numeric / 1000));
  });

  it("renders the service's body shape, which the Node client splits on ';' to read the code", () => {
    const body = jobErrors.jobAlreadyExists("j-1").toBody("ABC123", new Date("2026-06-01T07:08:09Z"));
    expect(body).toEqual({
      Message: "ErrorCode:JobAlreadyExists;A job with id 'j-1' already exists.",
      ExceptionMessage: "Tracking ID:ABC123-G:0-TimeStamp:06/01/2026 07:08:09",
    });
    expect(body.Message.split(";")[0]).toBe("ErrorCode:JobAlreadyExists");
  });
});
