// Microsoft's Java service SDK (com.microsoft.azure.sdk.iot:iot-service-client 2.1.9), the sibling of
// the .NET JobClient of IoT Hub's job guide: the seed's twin and method jobs, the devices.jobs rows
// parsed by its ScheduledJob, the job list and a cancel. See java-sdk.ts for how it runs.
import { describe, expect, it } from "vitest";
import { javaSdkMissing, runJavaServiceSdkCheck } from "./java-sdk.ts";
import type { SdkTarget } from "./sdk-target.ts";

const missing = javaSdkMissing();
if (missing && process.env.CI === "true") throw new Error(`CI=true and the Java service SDK check cannot run: ${missing}`);

export function javaSuite(target: () => SdkTarget): void {
  describe.skipIf(missing !== undefined)("Java service SDK (iot-service-client 2.1.9)", () => {
    it("schedules the seed's jobs, reads devices.jobs rows and the job list, and cancels a scheduled job", async (ctx) => {
      const t = target();
      const device = t.onlineMethod;
      if (!device) return ctx.skip("no online device configured (HUBJOBS_SDK_ONLINE_DEVICE)");
      const steps = await runJavaServiceSdkCheck({ connectionString: t.connectionString, runPrefix: t.runPrefix, deviceId: device.deviceId, caCertPath: t.caCertPath });
      const step = (name: string) => steps.find((s) => s.step === name);
      // scheduleUpdateTwin sends the whole twin: `"reported": {}` and null fields are accepted.
      expect(step("twinJob")).toMatchObject({ type: "scheduleUpdateTwin", status: "completed", deviceCount: 1, succeededCount: 1, failedCount: 0 });
      expect(step("methodJob")).toMatchObject({ type: "scheduleDeviceMethod", status: "completed", deviceCount: 1, succeededCount: 1 });
      // ScheduledJob reads the device's answer from the row's cloudToDeviceMethod.
      const rows = step("deviceJobRows")?.rows as Record<string, unknown>[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ deviceId: device.deviceId, jobType: "scheduleDeviceMethod", status: "completed" });
      if (device.expected) {
        expect(rows[0]!.outcomeStatus).toBe(device.expected.status);
        expect(JSON.parse(String(rows[0]!.outcomePayload))).toEqual(device.expected.payload);
      }
      expect(step("jobList")?.jobIds).toContain(step("methodJob")?.jobId);
      expect(step("cancel")).toEqual({ step: "cancel", answer: "cancelled", after: "cancelled" });
    }, 180_000);
  });
}
