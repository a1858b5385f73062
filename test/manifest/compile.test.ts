import { describe, expect, it } from "vitest";
import { canonicalJson, compileManifest, loadManifests, type Manifest } from "../../src/manifest/index.ts";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

const lockDoor = (): Manifest => ({
  apiVersion: "hubjobs/v1",
  kind: "DeviceMethodJob",
  metadata: { name: "lock-doors-device-1" },
  spec: {
    target: { deviceIds: ["Device-1"] },
    method: { name: "LockDoor", responseTimeout: "5s", connectTimeout: "5s" },
    schedule: { maxExecutionTime: "2m" },
  },
});

const locate = (): Manifest => ({
  apiVersion: "hubjobs/v1",
  kind: "TwinUpdateJob",
  metadata: { name: "locate-device-1" },
  spec: {
    target: { deviceIds: ["Device-1"] },
    twin: { tags: { Building: "43", Floor: "3" }, desired: { LocationUpdate: "2026-11-26T00:00:00Z" } },
    schedule: { maxExecutionTime: "2m" },
  },
});

const withoutId = ({ jobId: _, ...rest }: { jobId: string }) => rest;

describe("compileManifest: the reference jobs of the IoT Hub guide", () => {
  it("reference job 1: LockDoor on Device-1, 5 s timeouts, 2 minutes at most", () => {
    const job = compileManifest(lockDoor());
    expect(job.jobId).toMatch(/^lock-doors-device-1-[0-9a-f]{8}$/);
    expect(job.request).toEqual({
      jobId: job.jobId,
      type: "scheduleDeviceMethod",
      queryCondition: "deviceId IN ['Device-1']",
      cloudToDeviceMethod: { methodName: "LockDoor", payload: null, responseTimeoutInSeconds: 5, connectTimeoutInSeconds: 5 },
      maxExecutionTimeInSeconds: 120,
    });
    expect(job.completion).toEqual({ wait: true, timeoutSeconds: 180, maxFailedPercent: 0 });
  });

  it("reference job 2: tags Building 43 / Floor 3 and a desired LocationUpdate, etag *", () => {
    const job = compileManifest(locate());
    expect(withoutId(job.request)).toEqual({
      type: "scheduleUpdateTwin",
      queryCondition: "deviceId IN ['Device-1']",
      updateTwin: {
        etag: "*",
        tags: { Building: "43", Floor: "3" },
        properties: { desired: { LocationUpdate: "2026-11-26T00:00:00Z" } },
      },
      maxExecutionTimeInSeconds: 120,
    });
  });

  it("jobs/ holds the two reference jobs, compiling to the same requests", async () => {
    const { manifests } = await loadManifests([], { cwd: REPO });
    const byName = new Map(manifests.map((m) => [m.job.name, m.job.request]));
    expect(byName.get("lock-doors-device-1")).toEqual(compileManifest(lockDoor()).request);
    expect(byName.get("locate-device-1")).toEqual(compileManifest(locate()).request);
  });
});

describe("compileManifest: defaults", () => {
  it("fills the service defaults: 30 s response, 0 s connect, 1 h execution, null payload", () => {
    const manifest = lockDoor();
    manifest.spec.method = { name: "LockDoor" };
    delete manifest.spec.schedule;
    const { request, completion } = compileManifest(manifest);
    expect(request.cloudToDeviceMethod).toEqual({ methodName: "LockDoor", payload: null, responseTimeoutInSeconds: 30, connectTimeoutInSeconds: 0 });
    expect(request.maxExecutionTimeInSeconds).toBe(3600);
    expect("startTime" in request).toBe(false);
    expect(completion).toEqual({ wait: true, timeoutSeconds: 3660, maxFailedPercent: 0 });
  });

  it("does not wait for a scheduled job unless told to, and keeps explicit completion rules", () => {
    const scheduled = lockDoor();
    scheduled.spec.schedule = { startTime: "2026-12-24T18:00:00Z", maxExecutionTime: "2m" };
    const job = compileManifest(scheduled);
    expect(job.request.startTime).toBe("2026-12-24T18:00:00Z");
    expect(job.completion.wait).toBe(false);
    scheduled.spec.completion = { wait: true, timeout: "90s", maxFailedPercent: 12.5 };
    expect(compileManifest(scheduled).completion).toEqual({ wait: true, timeoutSeconds: 90, maxFailedPercent: 12.5 });
  });

  it("sends only the twin sections written", () => {
    const manifest = locate();
    manifest.spec.twin = { desired: { mode: "night" } };
    expect(compileManifest(manifest).request.updateTwin).toEqual({ etag: "*", properties: { desired: { mode: "night" } } });
    manifest.spec.twin = { tags: { Floor: "4" } };
    expect(compileManifest(manifest).request.updateTwin).toEqual({ etag: "*", tags: { Floor: "4" } });
  });

  it("passes a query through and keeps * for all devices", () => {
    const manifest = lockDoor();
    manifest.spec.target = { query: "tags.Building = '43'" };
    expect(compileManifest(manifest).request.queryCondition).toBe("tags.Building = '43'");
    manifest.spec.target = { query: "*" };
    expect(compileManifest(manifest).request.queryCondition).toBe("*");
  });
});

describe("compileManifest: job identity", () => {
  it("gives the same id for the same manifest, whatever the key order", () => {
    const a = lockDoor();
    a.spec.method!.payload = { force: true, reason: { code: 7, text: "night" } };
    const b = lockDoor();
    b.spec.method!.payload = { reason: { text: "night", code: 7 }, force: true };
    expect(compileManifest(a).jobId).toBe(compileManifest(b).jobId);
    expect(compileManifest(a).jobId).toBe(compileManifest(structuredClone(a)).jobId);
  });

  it("gives a new id for any change to what the job does, and none for description, labels or completion", () => {
    const base = compileManifest(lockDoor()).jobId;
    const changes: ((m: Manifest) => void)[] = [
      (m) => (m.spec.target = { deviceIds: ["Device-2"] }),
      (m) => (m.spec.method!.name = "UnlockDoor"),
      (m) => (m.spec.method!.payload = {}),
      (m) => (m.spec.method!.responseTimeout = "6s"),
      (m) => (m.spec.method!.connectTimeout = "0s"),
      (m) => (m.spec.schedule = { maxExecutionTime: "3m" }),
      (m) => (m.spec.schedule = { maxExecutionTime: "2m", startTime: "2026-11-27T00:00:00Z" }),
    ];
    const ids = changes.map((change) => {
      const m = lockDoor();
      change(m);
      return compileManifest(m).jobId;
    });
    expect(new Set([base, ...ids]).size).toBe(changes.length + 1);

    const cosmetic = lockDoor();
    cosmetic.metadata.description = "changed";
    cosmetic.metadata.labels = { team: "other" };
    cosmetic.spec.completion = { wait: false, timeout: "1h", maxFailedPercent: 50 };
    expect(compileManifest(cosmetic).jobId).toBe(base);
  });

  it("keeps every job id from release to release (a changed id would run a job again)", () => {
    // Ids recorded before the canonical form and the hashing were rewritten for speed; any
    // change to either must still give these.
    const withPayload = lockDoor();
    withPayload.spec.method!.payload = { reason: { text: 'night "quoted" é', code: 7, list: [1, { z: null, y: [true] }] }, force: true };
    expect([compileManifest(lockDoor()).jobId, compileManifest(locate()).jobId, compileManifest(withPayload).jobId]).toEqual([
      "lock-doors-device-1-c1e39131",
      "locate-device-1-a11dda90",
      "lock-doors-device-1-6501a2e8",
    ]);
  });

  it("writes equal durations in any unit to the same job", () => {
    const inSeconds = lockDoor();
    inSeconds.spec.schedule = { maxExecutionTime: "120s" };
    expect(compileManifest(inSeconds).jobId).toBe(compileManifest(lockDoor()).jobId);
  });
});

describe("device id escaping", () => {
  it("quotes and escapes device ids so none can change the query's meaning", () => {
    const manifest = lockDoor();
    manifest.spec.target = { deviceIds: ["it's", "back\\slash", "x'] OR deviceId != '"] };
    expect(compileManifest(manifest).request.queryCondition).toBe(
      String.raw`deviceId IN ['it\'s','back\\slash','x\'] OR deviceId != \'']`,
    );
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every level and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: undefined, b: "x" })).toBe('{"b":"x"}');
  });
});
