// Registry: device identities, twins and twin queries through the SDK's Registry client, called the
// way the Microsoft samples call it (promise forms of create/get/update/delete, getTwin,
// updateTwin, twin.update, createQuery + nextAsTwin).
import { describe, expect, it } from "vitest";
import { nextName } from "./names.ts";
import { allPages } from "./query-pages.ts";
import { errors, Registry } from "./sdk.ts";
import type { SdkTarget } from "./sdk-target.ts";
import { rejectionOf, serviceErrorOf } from "./service-error.ts";

export function registrySuite(target: () => SdkTarget): void {
  const registry = () => Registry.fromConnectionString(target().connectionString);
  const newDeviceId = () => nextName(target().runPrefix, "device");

  const createDevice = async (deviceId = newDeviceId()) => {
    const created = await registry().create({ deviceId, status: "enabled" });
    target().createdDeviceIds.push(deviceId);
    return created;
  };

  describe("Registry: device identities", () => {
    it("creates and gets a device", async () => {
      const deviceId = newDeviceId();
      const created: { responseBody: any; httpResponse: any } = await createDevice(deviceId);
      expect(created.httpResponse.statusCode).toBe(200);
      expect(created.responseBody.deviceId).toBe(deviceId);
      expect(created.responseBody.status).toBe("enabled");
      expect(created.responseBody.connectionState).toBe("Disconnected");
      expect(typeof created.responseBody.etag).toBe("string");
      // The SDK sends empty keys for a SAS device; the service generates them.
      expect(created.responseBody.authentication?.type).toBe("sas");
      expect(created.responseBody.authentication?.symmetricKey?.primaryKey).toMatch(/^[A-Za-z0-9+/]{40,}={0,2}$/);

      const fetched = await registry().get(deviceId);
      expect(fetched.responseBody.deviceId).toBe(deviceId);
      expect(fetched.responseBody.etag).toBe(created.responseBody.etag);
      expect(fetched.responseBody.authentication?.symmetricKey?.primaryKey).toBe(created.responseBody.authentication?.symmetricKey?.primaryKey);
    });

    // Registry.update sends `If-Match: "*"` (a quoted star, from the SDK's _ensureQuoted('*')),
    // which the service treats as "any etag".
    it("updates a device (If-Match: \"*\") and gets a new etag", async () => {
      const { responseBody: device } = await createDevice();
      const before = device.etag;
      device.status = "disabled";
      device.statusReason = "conformance test";
      const updated = await registry().update(device);
      expect(updated.responseBody.status).toBe("disabled");
      expect(updated.responseBody.etag).not.toBe(before);
      expect((await registry().get(device.deviceId)).responseBody.status).toBe("disabled");
    });

    // Registry.delete sends `If-Match: "*"` too.
    it("deletes a device (If-Match: \"*\"), which then is not found", async () => {
      const deviceId = newDeviceId();
      await createDevice(deviceId);
      await registry().delete(deviceId);
      const gone = await rejectionOf(() => registry().get(deviceId));
      expect(gone).toBeInstanceOf(errors.DeviceNotFoundError);
      expect(serviceErrorOf(gone)).toMatchObject({ status: 404, codeName: "DeviceNotFound" });
    });

    it("refuses a second device with the same id with DeviceAlreadyExistsError", async () => {
      const deviceId = newDeviceId();
      await createDevice(deviceId);
      const err = await rejectionOf(() => registry().create({ deviceId }));
      expect(err).toBeInstanceOf(errors.DeviceAlreadyExistsError);
      expect(serviceErrorOf(err)).toMatchObject({ status: 409, codeName: "DeviceAlreadyExists" });
    });

    it("answers DeviceNotFoundError for an unknown device", async () => {
      const err = await rejectionOf(() => registry().get(newDeviceId()));
      expect(err).toBeInstanceOf(errors.DeviceNotFoundError);
      expect(serviceErrorOf(err)).toMatchObject({ status: 404, codeName: "DeviceNotFound" });
    });
  });

  describe("Registry: twins", () => {
    it("reads a twin and updates tags and desired properties with its etag", async () => {
      const deviceId = newDeviceId();
      await createDevice(deviceId);
      const { responseBody: twin } = await registry().getTwin(deviceId);
      expect(twin.deviceId).toBe(deviceId);
      expect(twin.etag).toBeTruthy();

      const patch = { tags: { Building: "43", Floor: "3" }, properties: { desired: { LocationUpdate: "2026-11-26T00:00:00Z" } } };
      const { responseBody: updated } = await registry().updateTwin(deviceId, patch, twin.etag);
      expect(updated.tags).toMatchObject({ Building: "43", Floor: "3" });
      expect(updated.properties.desired.LocationUpdate).toBe("2026-11-26T00:00:00Z");
      expect(updated.etag).not.toBe(twin.etag);

      // The old etag is now stale: the service refuses with 412, the SDK's InvalidEtagError.
      const stale = await rejectionOf(() => registry().updateTwin(deviceId, { tags: { Floor: "4" } }, twin.etag));
      expect(stale).toBeInstanceOf(errors.InvalidEtagError);
      expect(serviceErrorOf(stale).status).toBe(412);

      // The Twin object form of the samples: twin.update(patch) sends the twin's own etag.
      const { responseBody: fresh } = await registry().getTwin(deviceId);
      await fresh.update({ tags: { Floor: "4" } });
      const { responseBody: after } = await registry().getTwin(deviceId);
      expect(after.tags).toMatchObject({ Building: "43", Floor: "4" });
    });

    it("queries twins with a WHERE clause, page by page", async () => {
      const group = nextName(target().runPrefix, "group");
      const ids = [newDeviceId(), newDeviceId(), newDeviceId(), newDeviceId(), newDeviceId()];
      for (const deviceId of ids) {
        await createDevice(deviceId);
        const { responseBody: twin } = await registry().getTwin(deviceId);
        await registry().updateTwin(deviceId, { tags: { sdkGroup: group } }, twin.etag);
      }
      const query = registry().createQuery(`SELECT * FROM devices WHERE tags.sdkGroup = '${group}'`, 2);
      const pages: string[][] = [];
      while (query.hasMoreResults) {
        const { result } = await query.nextAsTwin();
        pages.push(result.map((twin) => twin.deviceId));
        expect(pages.length).toBeLessThanOrEqual(ids.length);
      }
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat().sort()).toEqual([...ids].sort());
    });

    it("answers SELECT COUNT() AS n with the number of devices a full query returns", async () => {
      const listed = (await allPages(registry().createQuery("SELECT * FROM devices", 100))).flat().length;
      const { result } = await registry().createQuery("SELECT COUNT() AS n FROM devices").next();
      expect(result).toEqual([{ n: listed }]);
      expect(listed).toBeGreaterThan(0);
    });

    it("refuses a query with a syntax error with ArgumentError (400)", async () => {
      const err = await rejectionOf(() => registry().createQuery("SELECT * FROM devices WHERE").nextAsTwin());
      expect(err).toBeInstanceOf(errors.ArgumentError);
      expect(serviceErrorOf(err).status).toBe(400);
    });

    it("answers DeviceNotFoundError when updating the twin of an unknown device", async () => {
      const err = await rejectionOf(() => registry().updateTwin(newDeviceId(), { tags: { a: "b" } }, "*"));
      expect(err).toBeInstanceOf(errors.DeviceNotFoundError);
      expect(serviceErrorOf(err)).toMatchObject({ status: 404, codeName: "DeviceNotFound" });
    });
  });
}
