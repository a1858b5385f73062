// One factory per documented IoT Hub error code, so every part of the emulator answers a given
// failure with the same status, code name, numeric code and wording as the service.
// Numeric codes follow the service's published ErrorCode list (Microsoft.Azure.Devices, and the
// "Troubleshoot Azure IoT Hub error codes" page); the status is always the code's first three digits.
import { ServiceError } from "./service-error.ts";

// 400
export const invalidProtocolVersion = (given: string | null) =>
  new ServiceError(400, "InvalidProtocolVersion", given ? `Invalid api-version '${given}'.` : "api-version is required.", 400001);
export const argumentInvalid = (message: string) => new ServiceError(400, "ArgumentInvalid", message, 400004);
export const argumentNull = (name: string) => new ServiceError(400, "ArgumentNull", `Value cannot be null. Parameter name: ${name}`, 400005);
export const iotHubFormatError = (message: string) => new ServiceError(400, "IotHubFormatError", message, 400006);
export const invalidOperation = (message: string) => new ServiceError(400, "InvalidOperation", message, 400003);
// 401
export const iotHubUnauthorizedAccess = (message = "Unauthorized") =>
  new ServiceError(401, "IotHubUnauthorizedAccess", message, 401002);
/** No hosted hub answers to this host name (the service's code sits under 401). */
export const iotHubNotFound = (host: string) => new ServiceError(401, "IotHubNotFound", `IoT hub '${host}' not found.`, 401001);
/** Admin API only (not a service code): the named hub is not hosted by this emulator. */
export const adminHubNotFound = (name: string) => new ServiceError(404, "HubNotFound", `No hub named '${name}' is hosted here.`, undefined);
// 404
export const deviceNotFound = (deviceId: string) =>
  new ServiceError(404, "DeviceNotFound", `Device ${JSON.stringify(deviceId)} not registered`, 404001);
export const jobNotFound = (jobId: string) => new ServiceError(404, "JobNotFound", `Job ${jobId} not found`, 404002);
export const deviceNotOnline = (deviceId: string) =>
  new ServiceError(404, "DeviceNotOnline", `Timed out waiting for device to connect. DeviceId: ${deviceId}`, 404103);
/** No service route has this path. The service's generic codes, as no specific one applies. */
export const routeNotFound = (method: string, path: string) =>
  new ServiceError(404, "GenericNotFound", `No route for ${method} ${path}.`, 404000);
// 405
export const methodNotAllowed = (method: string, path: string) =>
  new ServiceError(405, "GenericMethodNotAllowed", `The requested resource does not support http method '${method}' on ${path}.`, 405000);
// 409
export const deviceAlreadyExists = (deviceId: string) =>
  new ServiceError(409, "DeviceAlreadyExists", `A device with ID '${deviceId}' is already registered.`, 409001);
// 412
export const preconditionFailed = (message = "Precondition failed: the etag does not match.") =>
  new ServiceError(412, "PreconditionFailed", message, 412001);
// 413
export const messageTooLarge = (message: string) => new ServiceError(413, "MessageTooLarge", message, 413001);
// 429
export const throttlingException = () =>
  new ServiceError(429, "ThrottlingException", "IotHub throttling limit exceeded. Retry later.", 429001);
// 500 / 503 / 504
export const serverError = (message = "Internal server error.") => new ServiceError(500, "ServerError", message, 500001);
export const serviceUnavailable = () =>
  new ServiceError(503, "ServiceUnavailable", "The service is temporarily unavailable. Retry later.", 503001);
export const gatewayTimeout = (deviceId: string) =>
  new ServiceError(504, "GatewayTimeout", `Timed out waiting for the response from device. DeviceId: ${deviceId}`, 504101);
