// Simulated devices that apply desired properties: a device with `followDesired` reports the
// desired values it was sent, `afterMs` after the change, as a real device does once it has applied
// a setting. Whatever changed desired (a twin job, a service client's PATCH or PUT) is followed.
//
// When the delay has passed the device reports the desired values of the changed keys as they are
// then (a key no longer desired is reported as deleted), through the registry's reported-property
// write: the twin's $version and the reported $version go up by one, as when a device reports.
// A device that is offline or disabled at that moment, deleted, or no longer follows, reports
// nothing; nor does one with a real connection (src/emulator/mqtt), which reports for itself.
// Pending reports live in memory: a restarted hub forgets them.
//
// Timing goes through the hub clock. A twin job over 100,000 devices with one delay must not make
// 100,000 timers (a ManualClock scans its timers on every step), so changes wait in one queue per
// delay, which is in due order by construction, and each queue keeps a single timer for its head.
// Due reports are written in batches, each in one transaction (one commit, not one per device),
// yielding to the event loop between batches so the hub keeps answering requests meanwhile.
import type { DatabaseSync } from "node:sqlite";
import type { Clock, TimerHandle } from "../clock.ts";
import { inTransaction } from "../store/database.ts";
import type { Registry } from "../registry/registry.ts";
import type { DeviceRecord, JsonObject } from "../twin/device-model.ts";
import { canonicallyEqual } from "../../util/canonical-json.ts";

interface PendingReport {
  hub: string;
  deviceId: string;
  keys: string[];
  due: number;
}

interface DelayQueue {
  entries: PendingReport[];
  head: number;
  timer: TimerHandle | undefined;
}

/** Reports written per transaction before the follower yields. */
const BATCH = 1000;

export class DesiredFollower {
  readonly #db: DatabaseSync;
  readonly #registry: Registry;
  readonly #clock: Clock;
  readonly #queues = new Map<number, DelayQueue>();
  /** Real device connections, set once the device endpoint is up (start-hub.ts): those are never simulated. */
  live: { isConnected(hub: string, deviceId: string): boolean } | undefined;

  constructor(db: DatabaseSync, registry: Registry, clock: Clock) {
    this.#db = db;
    this.#registry = registry;
    this.#clock = clock;
  }

  /** The registry's listener: `record` holds the new desired properties, `before` the old ones. */
  desiredChanged(hub: string, record: DeviceRecord, before: JsonObject): void {
    const follow = record.behaviour?.followDesired;
    if (!follow) return;
    const after = record.twin.desired;
    const candidates = follow.keys ?? [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const keys = candidates.filter((k) => !canonicallyEqual(before[k], after[k]));
    if (keys.length === 0) return;
    const queue = this.#queue(follow.afterMs);
    queue.entries.push({ hub, deviceId: record.identity.deviceId, keys, due: this.#clock.now().getTime() + follow.afterMs });
    if (!queue.timer) this.#arm(follow.afterMs, queue);
  }

  /** Drops every pending report (the hub is closing). */
  close(): void {
    for (const queue of this.#queues.values()) queue.timer?.cancel();
    this.#queues.clear();
  }

  #queue(afterMs: number): DelayQueue {
    let queue = this.#queues.get(afterMs);
    if (!queue) {
      queue = { entries: [], head: 0, timer: undefined };
      this.#queues.set(afterMs, queue);
    }
    return queue;
  }

  #arm(afterMs: number, queue: DelayQueue): void {
    const next = queue.entries[queue.head];
    if (!next) {
      queue.timer = undefined;
      this.#queues.delete(afterMs);
      return;
    }
    queue.timer = this.#clock.setTimer(() => this.#fire(afterMs, queue), next.due - this.#clock.now().getTime());
  }

  #fire(afterMs: number, queue: DelayQueue): void {
    const now = this.#clock.now().getTime();
    const end = Math.min(queue.entries.length, queue.head + BATCH);
    inTransaction(this.#db, () => {
      while (queue.head < end && queue.entries[queue.head]!.due <= now) {
        this.#report(queue.entries[queue.head]!);
        queue.head++;
      }
    });
    // Keep the array from growing for the life of the hub.
    if (queue.head > 1024 && queue.head * 2 > queue.entries.length) {
      queue.entries = queue.entries.slice(queue.head);
      queue.head = 0;
    }
    this.#arm(afterMs, queue);
  }

  #report(pending: PendingReport): void {
    const record = this.#registry.store.get(pending.hub, pending.deviceId);
    if (!record?.behaviour?.followDesired) return;
    if (record.identity.connectionState !== "Connected" || record.identity.status !== "enabled") return;
    if (this.live?.isConnected(pending.hub, pending.deviceId)) return;
    const patch: JsonObject = {};
    for (const key of pending.keys) patch[key] = record.twin.desired[key] ?? null;
    try {
      this.#registry.reportProperties(pending.hub, pending.deviceId, patch);
    } catch {
      // A report the twin refuses (over a size limit) is lost, as a device's failed report is.
    }
  }
}
