// Direct methods through the SDK's service Client (Client.fromConnectionString(...).invokeDeviceMethod),
// on a connected device and on one that is not connected.
import { describe, expect, it } from "vitest";
import { nextName } from "./names.ts";
import { Client, errors } from "./sdk.ts";
import type { SdkTarget } from "./sdk-target.ts";
import { rejectionOf, serviceErrorOf } from "./service-error.ts";

export function methodsSuite(target: () => SdkTarget): void {
  describe("Client: direct methods", () => {
    it("invokes a method on an online device and returns the device's status and payload", async (ctx) => {
      const call = target().onlineMethod;
      if (!call) return ctx.skip("no online device configured (HUBJOBS_SDK_ONLINE_DEVICE)");
      const client = Client.fromConnectionString(target().connectionString);
      const { result, message } = await client.invokeDeviceMethod(call.deviceId, {
        methodName: call.methodName,
        payload: {},
        responseTimeoutInSeconds: 5,
        connectTimeoutInSeconds: 5,
      });
      expect(message.statusCode).toBe(200);
      expect(typeof result.status).toBe("number");
      expect(result).toHaveProperty("payload");
      if (call.expected) expect(result).toEqual(call.expected);
    });

    it("passes a device's error status through in a 200 answer", async (ctx) => {
      const call = target().failingMethod;
      if (!call) return ctx.skip("no device answering an error status on this hub");
      const client = Client.fromConnectionString(target().connectionString);
      const { result, message } = await client.invokeDeviceMethod(call.deviceId, { methodName: call.methodName, payload: {}, responseTimeoutInSeconds: 5 });
      // The HTTP call succeeded; the device's own status is in the body.
      expect(message.statusCode).toBe(200);
      expect(result).toEqual(call.expected);
    });

    it("fails with GatewayTimeoutError (504) when the device answers after the response timeout", async (ctx) => {
      const call = target().slowMethod;
      if (!call) return ctx.skip("no slow device on this hub");
      const client = Client.fromConnectionString(target().connectionString);
      const err = await rejectionOf(() => client.invokeDeviceMethod(call.deviceId, { methodName: call.methodName, payload: {}, responseTimeoutInSeconds: 5 }));
      expect(err).toBeInstanceOf(errors.GatewayTimeoutError);
      expect(serviceErrorOf(err).status).toBe(504);
    });

    it("fails on an offline device with 404 DeviceNotOnline (404103)", async () => {
      const client = Client.fromConnectionString(target().connectionString);
      const err = await rejectionOf(() =>
        client.invokeDeviceMethod(target().offlineDeviceId, { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 5 }),
      );
      // For a 404 whose code is not DeviceNotFound the SDK has no dedicated class: a plain
      // Error('Not found') carrying the response; the code is in the body.
      expect(err.constructor).toBe(Error);
      expect(err.message).toBe("Not found");
      const info = serviceErrorOf(err);
      expect(info.status).toBe(404);
      expect(info.codeName === "DeviceNotOnline" || info.code === 404103).toBe(true);
    });

    it("fails on an unknown device with DeviceNotFoundError", async () => {
      const client = Client.fromConnectionString(target().connectionString);
      const err = await rejectionOf(() =>
        client.invokeDeviceMethod(nextName(target().runPrefix, "nodevice"), { methodName: "LockDoor", payload: {}, responseTimeoutInSeconds: 5 }),
      );
      expect(err).toBeInstanceOf(errors.DeviceNotFoundError);
      expect(serviceErrorOf(err)).toMatchObject({ status: 404, codeName: "DeviceNotFound" });
    });
  });
}
