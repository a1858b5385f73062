// Direct methods on devices, with the service's timing rules on the hub clock. A device connected over
// MQTT (src/emulator/mqtt) gets the call itself; otherwise the simulated device answers from its fleet
// behaviour:
// an offline device fails with 404103 DeviceNotOnline once connectTimeoutInSeconds has passed;
// a device slower than responseTimeoutInSeconds fails with 504101 GatewayTimeout at that moment.
import type { Clock } from "../clock.ts";
import { argumentInvalid, deviceNotOnline, gatewayTimeout, messageTooLarge } from "../errors.ts";
import type { Registry } from "../registry/registry.ts";
import type { DeviceRecord } from "../twin/device-model.ts";
import { CONNECT_TIMEOUT_RANGE, MAX_METHOD_PAYLOAD_BYTES, RESPONSE_TIMEOUT_RANGE } from "../jobs/job-limits.ts";
import { METHOD_NOT_IMPLEMENTED, type MethodBehaviour } from "./behaviour.ts";
import { reportAfterMethod } from "./reported-template.ts";

export interface MethodCall {
  methodName: string;
  payload: unknown;
  responseTimeoutInSeconds: number;
  connectTimeoutInSeconds: number;
}

export interface MethodOutcome {
  status: number;
  payload: unknown;
}

/** Checks a request body of `POST /twins/{id}/methods` and fills the service's defaults. */
export function readMethodCall(body: unknown): MethodCall {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw argumentInvalid("The method request body must be a JSON object.");
  const b = body as Record<string, unknown>;
  if (typeof b.methodName !== "string" || b.methodName.length === 0) throw argumentInvalid("methodName is required.");
  const call: MethodCall = {
    methodName: b.methodName,
    payload: b.payload ?? null,
    responseTimeoutInSeconds: b.responseTimeoutInSeconds === undefined ? RESPONSE_TIMEOUT_RANGE.default : Number(b.responseTimeoutInSeconds),
    connectTimeoutInSeconds: b.connectTimeoutInSeconds === undefined ? CONNECT_TIMEOUT_RANGE.default : Number(b.connectTimeoutInSeconds),
  };
  checkMethodCall(call);
  return call;
}

export function checkMethodCall(call: MethodCall): void {
  const r = call.responseTimeoutInSeconds;
  const c = call.connectTimeoutInSeconds;
  const rr = RESPONSE_TIMEOUT_RANGE;
  const cr = CONNECT_TIMEOUT_RANGE;
  if (!Number.isInteger(r) || r < rr.min || r > rr.max) throw argumentInvalid(`responseTimeoutInSeconds must be between ${rr.min} and ${rr.max}; got ${r}.`);
  if (!Number.isInteger(c) || c < cr.min || c > cr.max) throw argumentInvalid(`connectTimeoutInSeconds must be between ${cr.min} and ${cr.max}; got ${c}.`);
  const size = Buffer.byteLength(JSON.stringify(call.payload ?? null), "utf8");
  if (size > MAX_METHOD_PAYLOAD_BYTES) throw messageTooLarge(`Method payload is ${size} bytes; the maximum is ${MAX_METHOD_PAYLOAD_BYTES} bytes.`);
}

/** Devices connected for real (over MQTT): a call addressed to one of them travels to it. */
export interface LiveDevices {
  /** Connected (whether or not it takes methods yet). */
  isConnected(hub: string, deviceId: string): boolean;
  /** Connected and subscribed to direct methods. */
  acceptsMethods(hub: string, deviceId: string): boolean;
  /** Calls `listener` once when the device can take methods; returns a function that stops listening. */
  onceAcceptingMethods(hub: string, deviceId: string, listener: () => void): () => void;
  invokeMethod(hub: string, deviceId: string, call: MethodCall): Promise<MethodOutcome>;
}

export class MethodInvoker {
  readonly #registry: Registry;
  readonly #clock: Clock;
  /** Set once the device endpoint is up (start-hub.ts). */
  live: LiveDevices | undefined;
  /** Calls per device and method so far, to spread a failure rate evenly and deterministically. */
  readonly #calls = new Map<string, number>();

  constructor(registry: Registry, clock: Clock) {
    this.#registry = registry;
    this.#clock = clock;
  }

  async invoke(hub: string, deviceId: string, call: MethodCall): Promise<MethodOutcome> {
    checkMethodCall(call);
    const device = this.#registry.get(hub, deviceId);
    if (this.live?.acceptsMethods(hub, deviceId)) return this.live.invokeMethod(hub, deviceId, call);
    if (this.#simulatedOnline(hub, device)) return this.#answer(hub, device.behaviour?.methods, deviceId, call);
    // The service keeps the request open for the connect timeout in case the device connects, and
    // delivers the call as soon as a real device can take it.
    await this.#sleepUntilConnected(hub, deviceId, call.connectTimeoutInSeconds * 1000);
    const again = this.#registry.get(hub, deviceId);
    if (this.live?.acceptsMethods(hub, deviceId)) return this.live.invokeMethod(hub, deviceId, call);
    if (!this.#simulatedOnline(hub, again)) throw deviceNotOnline(deviceId);
    return this.#answer(hub, again.behaviour?.methods, deviceId, call);
  }

  /** A simulated device answers when the registry says it is connected; a real connection is never simulated. */
  #simulatedOnline(hub: string, device: DeviceRecord): boolean {
    if (this.live?.isConnected(hub, device.identity.deviceId)) return false;
    return device.identity.connectionState === "Connected" && device.identity.status === "enabled";
  }


  async #answer(hub: string, methods: Record<string, MethodBehaviour> | undefined, deviceId: string, call: MethodCall): Promise<MethodOutcome> {
    const behaviour = methods?.[call.methodName] ?? methods?.["*"];
    const latency = behaviour?.latencyMs ?? 0;
    const timeout = call.responseTimeoutInSeconds * 1000;
    if (latency > timeout) {
      await this.#sleep(timeout);
      throw gatewayTimeout(deviceId);
    }
    await this.#sleep(latency);
    if (!behaviour) return METHOD_NOT_IMPLEMENTED;
    if (this.#fails(`${hub}\u0000${deviceId}\u0000${call.methodName}`, behaviour.failureRate ?? 0)) {
      return { status: behaviour.failureStatus ?? 500, payload: behaviour.failurePayload ?? { error: "simulated failure" } };
    }
    // The configured answer may change reported properties (a firmware update reports its version).
    if (behaviour.reported) reportAfterMethod(this.#registry, hub, deviceId, behaviour.reported, call.payload, this.#clock.now());
    return { status: behaviour.status ?? 200, payload: behaviour.payload ?? null };
  }

  /** Call n fails when the running count of failures floor(n * rate) steps up: exactly `rate` of calls, evenly spread. */
  #fails(key: string, rate: number): boolean {
    if (rate <= 0) return false;
    const n = this.#calls.get(key) ?? 0;
    this.#calls.set(key, n + 1);
    return Math.floor((n + 1) * rate) > Math.floor(n * rate);
  }

  #sleepUntilConnected(hub: string, deviceId: string, ms: number): Promise<void> {
    if (ms <= 0 || !this.live) return this.#sleep(ms);
    const live = this.live;
    return new Promise((resolve) => {
      const done = () => {
        timer.cancel();
        stopListening();
        resolve();
      };
      const timer = this.#clock.setTimer(done, ms);
      const stopListening = live.onceAcceptingMethods(hub, deviceId, done);
    });
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.#clock.setTimer(resolve, ms));
  }
}
