// The devices connected over MQTT, one connection per device: the registry's connection state follows
// them, direct methods travel to them with the response timeout, desired patches are pushed to them
// and their telemetry is counted. A second connection of a device replaces the first.
import type { Client } from "aedes";
import type { Clock, TimerHandle } from "../clock.ts";
import { gatewayTimeout } from "../errors.ts";
import type { MethodCall, MethodOutcome } from "../fleet/method-invoker.ts";
import type { Registry } from "../registry/registry.ts";
import type { DeviceIdentity, JsonObject } from "../twin/device-model.ts";
import { DESIRED_FILTER, desiredPatchTopic, METHODS_FILTER, methodRequestTopic } from "./device-topics.ts";

/** lastActivityTime is written at most this often per device: the hub does not fsync per message. */
const ACTIVITY_WRITE_INTERVAL_MS = 10_000;

interface PendingCall {
  resolve(outcome: MethodOutcome): void;
  timer: TimerHandle;
}

interface Session {
  hub: string;
  deviceId: string;
  client: Client;
  lastActivityWrite: number;
  calls: Map<string, PendingCall>;
  /** What the device subscribed to: the hub sends methods and desired patches only to subscribers. */
  methods: boolean;
  desired: boolean;
}

export interface TelemetryCounts {
  messageCount: number;
  devices: Record<string, number>;
}

const keyOf = (hub: string, deviceId: string) => `${hub}\u0000${deviceId}`;

export class DeviceConnections {
  readonly #registry: Registry;
  readonly #clock: Clock;
  readonly #sessions = new Map<string, Session>();
  readonly #byClient = new WeakMap<Client, Session>();
  readonly #telemetry = new Map<string, Map<string, number>>();
  /** Method calls waiting for an offline device to connect (their connect timeout). */
  readonly #connectWaiters = new Map<string, Set<() => void>>();
  #nextRid = 1;

  constructor(registry: Registry, clock: Clock) {
    this.#registry = registry;
    this.#clock = clock;
  }

  /** The device's connection was accepted: it becomes the device's only session, replacing an older one. */
  attach(hub: string, deviceId: string, client: Client): void {
    const key = keyOf(hub, deviceId);
    const previous = this.#sessions.get(key);
    const session: Session = { hub, deviceId, client, lastActivityWrite: 0, calls: previous?.calls ?? new Map(), methods: false, desired: false };
    this.#sessions.set(key, session);
    this.#byClient.set(client, session);
    if (previous && previous.client !== client) previous.client.close();
    this.#setConnectionState(session, "Connected");
  }

  /** The device subscribed (aedes reports granted filters only): methods and desired patches may now reach it. */
  subscribed(client: Client, filters: readonly string[]): void {
    const session = this.#byClient.get(client);
    if (!session) return;
    if (filters.includes(METHODS_FILTER)) session.methods = true;
    if (filters.includes(DESIRED_FILTER)) session.desired = true;
    if (!session.methods) return;
    const key = keyOf(session.hub, session.deviceId);
    const waiters = this.#connectWaiters.get(key);
    this.#connectWaiters.delete(key);
    for (const wake of waiters ?? []) wake();
  }

  onceAcceptingMethods(hub: string, deviceId: string, listener: () => void): () => void {
    const key = keyOf(hub, deviceId);
    let waiters = this.#connectWaiters.get(key);
    if (!waiters) this.#connectWaiters.set(key, (waiters = new Set()));
    waiters.add(listener);
    return () => {
      waiters.delete(listener);
      if (waiters.size === 0 && this.#connectWaiters.get(key) === waiters) this.#connectWaiters.delete(key);
    };
  }

  /** A connection ended; the device is disconnected unless a newer connection already took its place. */
  detach(client: Client): void {
    const session = this.#byClient.get(client);
    if (!session) return;
    this.#byClient.delete(client);
    const key = keyOf(session.hub, session.deviceId);
    if (this.#sessions.get(key) !== session) return;
    this.#sessions.delete(key);
    this.#setConnectionState(session, "Disconnected");
  }

  sessionOf(client: Client): { hub: string; deviceId: string } | undefined {
    const s = this.#byClient.get(client);
    return s ? { hub: s.hub, deviceId: s.deviceId } : undefined;
  }

  isConnected(hub: string, deviceId: string): boolean {
    return this.#sessions.has(keyOf(hub, deviceId));
  }

  /** Connected and subscribed to direct methods: on IoT Hub a device without that subscription is not online for methods. */
  acceptsMethods(hub: string, deviceId: string): boolean {
    return this.#sessions.get(keyOf(hub, deviceId))?.methods === true;
  }

  connectedDeviceIds(hub: string): string[] {
    return [...this.#sessions.values()].filter((s) => s.hub === hub).map((s) => s.deviceId);
  }

  /**
   * Sends the method request to the device and waits for its answer on `$iothub/methods/res/{status}`
   * until the response timeout (hub clock), then fails with 504 GatewayTimeout as the service does.
   */
  invokeMethod(hub: string, deviceId: string, call: MethodCall): Promise<MethodOutcome> {
    const session = this.#sessions.get(keyOf(hub, deviceId));
    if (!session?.methods) return Promise.reject(new Error(`device ${deviceId} is not connected for methods`));
    const rid = (this.#nextRid++).toString(16);
    return new Promise<MethodOutcome>((resolve, reject) => {
      const timer = this.#clock.setTimer(() => {
        session.calls.delete(rid);
        reject(gatewayTimeout(deviceId));
      }, call.responseTimeoutInSeconds * 1000);
      session.calls.set(rid, { resolve, timer });
      const payload = Buffer.from(JSON.stringify(call.payload ?? null));
      session.client.publish({ cmd: "publish", topic: methodRequestTopic(call.methodName, rid), payload, qos: 0, dup: false, retain: false }, noop);
    });
  }

  /** The device answered a method request: the hub records its status and payload. */
  methodAnswered(client: Client, rid: string, status: number, body: Buffer): void {
    const session = this.#byClient.get(client);
    const pending = session?.calls.get(rid);
    if (!session || !pending) return;
    session.calls.delete(rid);
    pending.timer.cancel();
    pending.resolve({ status, payload: parseBody(body) });
  }

  /** Pushes a desired-properties change to the device when it is connected. */
  pushDesired(hub: string, deviceId: string, patch: JsonObject, version: number): void {
    const session = this.#sessions.get(keyOf(hub, deviceId));
    if (!session?.desired) return;
    const payload = Buffer.from(JSON.stringify({ ...patch, $version: version }));
    session.client.publish({ cmd: "publish", topic: desiredPatchTopic(version), payload, qos: 0, dup: false, retain: false }, noop);
  }

  /** Anything the device sent counts as activity; telemetry is also counted per device. */
  touched(client: Client, telemetry: boolean): void {
    const session = this.#byClient.get(client);
    if (!session) return;
    if (telemetry) {
      let counts = this.#telemetry.get(session.hub);
      if (!counts) this.#telemetry.set(session.hub, (counts = new Map()));
      counts.set(session.deviceId, (counts.get(session.deviceId) ?? 0) + 1);
    }
    const now = this.#clock.now();
    if (now.getTime() - session.lastActivityWrite < ACTIVITY_WRITE_INTERVAL_MS) return;
    session.lastActivityWrite = now.getTime();
    this.#writeIdentity(session, (identity) => {
      identity.lastActivityTime = now.toISOString();
    });
  }

  telemetry(hub: string): TelemetryCounts {
    const counts = this.#telemetry.get(hub) ?? new Map<string, number>();
    let messageCount = 0;
    for (const n of counts.values()) messageCount += n;
    return { messageCount, devices: Object.fromEntries(counts) };
  }

  /** IoT Hub closes the connection of a device that is deleted or disabled. */
  disconnect(hub: string, deviceId: string): void {
    this.#sessions.get(keyOf(hub, deviceId))?.client.close();
  }

  forgetHub(hub: string): void {
    this.#telemetry.delete(hub);
    for (const session of [...this.#sessions.values()]) if (session.hub === hub) session.client.close();
  }

  /** Shutdown: every connected device is recorded as disconnected before the store closes. */
  closeAll(): void {
    for (const session of [...this.#sessions.values()]) {
      this.#sessions.delete(keyOf(session.hub, session.deviceId));
      for (const call of session.calls.values()) call.timer.cancel();
      this.#setConnectionState(session, "Disconnected");
    }
  }

  #setConnectionState(session: Session, state: "Connected" | "Disconnected"): void {
    const t = this.#clock.now();
    if (state === "Connected") session.lastActivityWrite = t.getTime();
    this.#writeIdentity(session, (identity) => {
      identity.connectionState = state;
      identity.connectionStateUpdatedTime = t.toISOString();
      if (state === "Connected") identity.lastActivityTime = t.toISOString();
    });
  }

  #writeIdentity(session: Session, change: (identity: DeviceIdentity) => void): void {
    // The device may have been deleted while connected; its connection then changes nothing.
    const record = this.#registry.store.get(session.hub, session.deviceId);
    if (!record) return;
    change(record.identity);
    this.#registry.store.update(session.hub, record);
  }
}

/** Method answers are JSON; an empty body is null, and a body that is not JSON is kept as text. */
function parseBody(body: Buffer): unknown {
  if (body.length === 0) return null;
  const text = body.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** aedes calls a publish's callback always; a write to a closing connection has nobody to tell. */
export function noop(): void {}
