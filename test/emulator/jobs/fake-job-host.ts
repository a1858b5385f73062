// A small in-memory JobHost for the engine's tests: a real node:sqlite database, a ManualClock,
// a handful of simulated devices, and the real query parser for targeting.
import { DatabaseSync } from "node:sqlite";
import { ManualClock } from "../../../src/emulator/clock.ts";
import { ServiceError } from "../../../src/emulator/service-error.ts";
import type { HubTier, JobHost, MethodRequest, MethodResult, TwinPatch } from "../../../src/emulator/jobs/job-host.ts";
import { compileCondition, parseCondition } from "../../../src/query/index.ts";

export interface FakeDevice {
  deviceId: string;
  tags: Record<string, unknown>;
  desired: Record<string, unknown>;
  version: number;
  online: boolean;
  /** What the device's methods answer, and after how long (host-clock ms). */
  method: { status: number; payload: unknown; latencyMs: number };
  /** When set, patchTwin refuses this device with this error. */
  patchError?: ServiceError;
}

export interface FakeHostOptions {
  db?: DatabaseSync;
  clock?: ManualClock;
  tier?: HubTier;
  opsPerSecond?: number;
}

export class FakeJobHost implements JobHost {
  /** The database the fixture hands the engine (the host itself never hands it out). */
  readonly db: DatabaseSync;
  readonly clock: ManualClock;
  tier: HubTier;
  opsPerSecond: number | undefined;
  readonly devices = new Map<string, FakeDevice>();
  readonly methodCalls: { deviceId: string; request: MethodRequest; at: number }[] = [];
  readonly patchCalls: { deviceId: string; at: number }[] = [];
  /** When set, matchDeviceIds throws it (a condition the hub cannot evaluate). */
  matchError: ServiceError | undefined;

  constructor(options: FakeHostOptions = {}) {
    this.db = options.db ?? new DatabaseSync(":memory:");
    this.clock = options.clock ?? new ManualClock("2026-03-01T00:00:00Z");
    this.tier = options.tier ?? "S3";
    this.opsPerSecond = options.opsPerSecond;
  }

  addDevice(deviceId: string, init: Partial<Omit<FakeDevice, "deviceId">> = {}): FakeDevice {
    const device: FakeDevice = {
      deviceId,
      tags: init.tags ?? {},
      desired: init.desired ?? {},
      version: 1,
      online: init.online ?? true,
      method: init.method ?? { status: 200, payload: { ok: true }, latencyMs: 0 },
      ...(init.patchError ? { patchError: init.patchError } : {}),
    };
    this.devices.set(deviceId, device);
    return device;
  }

  tierOf(): HubTier {
    return this.tier;
  }

  deviceOpsPerSecond(): number | undefined {
    return this.opsPerSecond;
  }

  matchDeviceIds(_hub: string, condition: string): string[] {
    if (this.matchError) throw this.matchError;
    if (condition === "*") return [...this.devices.keys()];
    const parsed = parseCondition(condition);
    if (!parsed.ok) throw new ServiceError(400, "ArgumentInvalid", parsed.error.message, 400004);
    const test = compileCondition(parsed.value);
    return [...this.devices.values()]
      .filter((d) => test({ deviceId: d.deviceId, tags: d.tags, properties: { desired: d.desired, reported: {} } }))
      .map((d) => d.deviceId);
  }

  patchTwin(_hub: string, deviceId: string, patch: TwinPatch): void {
    this.patchCalls.push({ deviceId, at: this.clock.now().getTime() });
    const device = this.devices.get(deviceId);
    if (!device) throw new ServiceError(404, "DeviceNotFound", `Device ${deviceId} not registered`, 404001);
    if (device.patchError) throw device.patchError;
    mergeInto(device.tags, patch.tags ?? {});
    mergeInto(device.desired, patch.properties?.desired ?? {});
    device.version++;
  }

  invokeMethod(_hub: string, deviceId: string, request: MethodRequest): Promise<MethodResult> {
    this.methodCalls.push({ deviceId, request, at: this.clock.now().getTime() });
    const device = this.devices.get(deviceId);
    if (!device) return Promise.reject(new ServiceError(404, "DeviceNotFound", `Device ${deviceId} not registered`, 404001));
    return new Promise((resolve, reject) => {
      if (!device.online) {
        this.clock.setTimer(
          () => reject(new ServiceError(404, "DeviceNotOnline", `Timed out waiting for device to connect. DeviceId: ${deviceId}`, 404103)),
          request.connectTimeoutInSeconds * 1000,
        );
        return;
      }
      const timeoutMs = request.responseTimeoutInSeconds * 1000;
      if (device.method.latencyMs > timeoutMs) {
        this.clock.setTimer(
          () => reject(new ServiceError(504, "GatewayTimeout", `Timed out waiting for the response from device. DeviceId: ${deviceId}`, 504101)),
          timeoutMs,
        );
        return;
      }
      this.clock.setTimer(() => resolve({ status: device.method.status, payload: device.method.payload }), device.method.latencyMs);
    });
  }
}

function mergeInto(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else if (typeof value === "object" && !Array.isArray(value)) {
      const current = target[key];
      const child = typeof current === "object" && current !== null && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
      mergeInto(child, value as Record<string, unknown>);
      target[key] = child;
    } else target[key] = value;
  }
}
