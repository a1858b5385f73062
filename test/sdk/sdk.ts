// The one place the suite loads the official Azure IoT Hub service SDK (CommonJS): its clients and
// its own error classes, so tests assert exactly what an application using the SDK would see.
import iothub from "azure-iothub";
import sdkErrors from "azure-iothub/dist/common-core/errors.js";

export const { Registry, Client, JobClient } = iothub;
export type Registry = InstanceType<typeof iothub.Registry>;
export type JobClient = InstanceType<typeof iothub.JobClient>;
/** The SDK's error classes (azure-iot-common's errors, bundled into azure-iothub). */
export const errors = sdkErrors;
