// The IoT Hub service client: public API.
export { IotHubClient, apiVersion, type IotHubClientOptions, type ListJobsFilter, type QueryOptions, type QueryPage } from "./client.ts";
export { createClient, type HubAccess } from "./create-client.ts";
export { parseConnectionString, formatConnectionString, ConnectionStringError, type ConnectionString } from "./connection-string.ts";
export { signSas, type SasInput } from "./sas.ts";
export { sasAuthenticationPolicy, type SasPolicyOptions } from "./sas-policy.ts";
export { entraAuthenticationPolicy, iotHubScope } from "./entra-policy.ts";
export { IotHubError, parseErrorResponse, isRetryableStatus } from "./errors.ts";
export { withRetry, backoffDelay, type RetryPolicy } from "./retry.ts";
export * from "./types.ts";
