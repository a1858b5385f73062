// Authentication and authorization as the SDK sees them: a wrong key and a policy without the
// rights a call needs both come back as the SDK's UnauthorizedError (HTTP 401).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { nextName } from "./names.ts";
import { errors, JobClient, Registry } from "./sdk.ts";
import type { SdkTarget } from "./sdk-target.ts";
import { rejectionOf, serviceErrorOf } from "./service-error.ts";

/** The same connection string with another key: a deterministic key that cannot be the real one. */
export function withWrongKey(connectionString: string): string {
  return connectionString.replace(/SharedAccessKey=([^;]+)/, (_, key: string) => `SharedAccessKey=${createHash("sha256").update(`not ${key}`).digest("base64")}`);
}

export function authSuite(target: () => SdkTarget): void {
  describe("Auth", () => {
    it("fails with UnauthorizedError when the connection string has a wrong key", async () => {
      const registry = Registry.fromConnectionString(withWrongKey(target().connectionString));
      const err = await rejectionOf(() => registry.getTwin(target().offlineDeviceId));
      expect(err).toBeInstanceOf(errors.UnauthorizedError);
      expect(serviceErrorOf(err).status).toBe(401);

      const jobs = JobClient.fromConnectionString(withWrongKey(target().connectionString));
      const jobErr = await rejectionOf(() => jobs.getJob(nextName(target().runPrefix, "job")));
      expect(jobErr).toBeInstanceOf(errors.UnauthorizedError);
    });

    it("lets a registryRead policy read but not schedule jobs", async (ctx) => {
      const readOnly = target().registryReadConnectionString;
      if (!readOnly) return ctx.skip("no registryRead connection string (HUBJOBS_SDK_REGISTRY_READ_CONNECTION_STRING)");
      // Reading the identity registry and querying it are what registry read grants.
      const reader = Registry.fromConnectionString(readOnly);
      expect((await reader.get(target().offlineDeviceId)).responseBody.deviceId).toBe(target().offlineDeviceId);
      const { result } = await reader.createQuery(`SELECT * FROM devices WHERE deviceId = '${target().offlineDeviceId}'`).next();
      expect(result.map((t: any) => t.deviceId)).toEqual([target().offlineDeviceId]);

      const jobId = nextName(target().runPrefix, "job");
      const err = await rejectionOf(() =>
        JobClient.fromConnectionString(readOnly).scheduleTwinUpdate(jobId, `deviceId IN ['${target().offlineDeviceId}']`, { etag: "*", tags: { denied: "yes" } }, new Date(), 120),
      );
      expect(err).toBeInstanceOf(errors.UnauthorizedError);
      expect(serviceErrorOf(err).status).toBe(401);
      // Nothing was created.
      const owner = JobClient.fromConnectionString(target().connectionString);
      const lookup = await owner.getJob(jobId).then((r) => r.jobStatus, (e: unknown) => e);
      expect(lookup instanceof Error ? serviceErrorOf(lookup).status : lookup.status).toSatisfy(
        (v: unknown) => v === 404 || v === "unknown",
      );
    });
  });
}
