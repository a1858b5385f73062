// Conformance of the embedded IoT Hub with the official Azure IoT Hub service SDK for Node
// (azure-iothub): the SDK's clients, called as the Microsoft samples call them, against the
// emulator over HTTPS on port 443 — or against a real hub when HUBJOBS_SDK_CONNECTION_STRING is set
// (see docs/sdk-conformance.md). One test file on purpose: only one process can own port 443, and
// the suites run in order because an S1 hub allows one active job at a time.
import { afterAll, beforeAll, describe, vi } from "vitest";
import { authSuite } from "./auth.suite.ts";
import { devicesSuite } from "./devices.suite.ts";
import { javaSuite } from "./java.suite.ts";
import { jobsSuite } from "./jobs.suite.ts";
import { methodsSuite } from "./methods.suite.ts";
import { registrySuite } from "./registry.suite.ts";
import { openSdkTarget, type SdkTarget } from "./sdk-target.ts";

// A real hub takes tens of seconds to run a job; the emulator well under a second.
if (process.env.HUBJOBS_SDK_CONNECTION_STRING) vi.setConfig({ testTimeout: 20 * 60_000, hookTimeout: 5 * 60_000 });

let target: SdkTarget | undefined;
const current = (): SdkTarget => {
  if (!target) throw new Error("the SDK target did not start (see the beforeAll error)");
  return target;
};

beforeAll(async () => {
  target = await openSdkTarget();
});
afterAll(async () => {
  await target?.close();
});

describe("azure-iothub SDK conformance", () => {
  registrySuite(current);
  methodsSuite(current);
  jobsSuite(current);
  authSuite(current);
  devicesSuite(current);
  javaSuite(current);
});
