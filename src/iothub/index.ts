// The IoT Hub service client: public API.
export { IotHubClient, apiVersion, type IotHubClientOptions, type ListJobsFilter, type QueryOptions, type QueryPage } from "./client.ts";
export { createClient, type HubAccess } from "./create-client.ts";
export { parseConnectionString, formatConnectionString, ConnectionStringError, type ConnectionString } from "./connection-string.ts";
export { signSas, type SasInput } from "./sas.ts";
export { sasAuth, entraAuth, iotHubScope, type AuthProvider } from "./auth.ts";
export { IotHubError, parseErrorResponse, isRetryableStatus } from "./errors.ts";
export { withRetry, backoffDelay, type RetryPolicy } from "./retry.ts";
export { createTransport, loopbackLookup, type Transport, type HttpRequest, type HttpResponse } from "./transport.ts";
export * from "./types.ts";
