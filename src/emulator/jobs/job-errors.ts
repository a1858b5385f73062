// The job-specific errors of the jobs v2 API, one factory per code, in the service's shape.
// Codes shared with the rest of the emulator (ArgumentInvalid, JobNotFound) come from ../errors.ts.
// Numeric codes are those of Microsoft's "Troubleshoot Azure IoT Hub error codes" list.
import { ServiceError } from "../service-error.ts";

export { argumentInvalid, jobNotFound } from "../errors.ts";

export const jobAlreadyExists = (jobId: string) =>
  new ServiceError(409, "JobAlreadyExists", `A job with id '${jobId}' already exists.`, 409104);

export const throttlingMaxActiveJobCountExceeded = (limit: number) =>
  new ServiceError(
    429,
    "ThrottlingMaxActiveJobCountExceeded",
    `The maximum number of active jobs (${limit}) for this IoT hub has been reached. Retry after an active job has finished.`,
    429004,
  );

/** The service refuses to cancel a job that is running or already finished. */
export const operationNotAllowedInCurrentState = (status: string) =>
  new ServiceError(
    405,
    "OperationNotAllowedInCurrentState",
    `Job cannot be cancelled in '${status.charAt(0).toUpperCase()}${status.slice(1)}' status.`,
    405102,
  );
