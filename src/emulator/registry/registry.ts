// The identity registry and twins of all hubs: the rules of device and twin writes, shared by the
// REST handlers, the job host and the fleet loader. Handlers stay thin; the store stays dumb.
import type { Clock } from "../clock.ts";
import { argumentInvalid, deviceAlreadyExists, deviceNotFound } from "../errors.ts";
import type { DeviceStore } from "../store/device-store.ts";
import { newDeviceEtag, newDeviceRecord, type DeviceRecord, type JsonObject } from "../twin/device-model.ts";
import { updateTwin, type TwinWrite } from "../twin/twin-update.ts";
import { twinEtag } from "../twin/device-model.ts";
import { checkIfMatch, isWildcard } from "./etag-match.ts";

/** The service's device id rule: up to 128 ASCII letters, digits and `- : . + % _ # * ? ! ( ) , = @ ; $ '`. */
const DEVICE_ID = /^[A-Za-z0-9\-:.+%_#*?!(),=@;$']{1,128}$/;

export function checkDeviceId(deviceId: string): void {
  if (!DEVICE_ID.test(deviceId)) {
    throw argumentInvalid(
      `DeviceId '${deviceId}' is invalid: up to 128 characters from ASCII letters, digits and - : . + % _ # * ? ! ( ) , = @ ; $ '.`,
    );
  }
}

/** Told of every change to a device's desired properties, so a connected device receives it. */
export type DesiredListener = (hub: string, deviceId: string, patch: JsonObject, version: number) => void;

export class Registry {
  readonly store: DeviceStore;
  readonly #clock: Clock;
  /** Set by the device endpoint (src/emulator/mqtt). */
  onDesiredChanged: DesiredListener | undefined;
  /** Told when a device may no longer be connected (deleted or disabled), so its connection is closed. */
  onDeviceBarred: ((hub: string, deviceId: string) => void) | undefined;
  /** Told after desired properties changed, with the record and the desired before: simulated devices that follow them (src/emulator/fleet/desired-follower.ts). */
  onDesiredWritten: ((hub: string, record: DeviceRecord, before: JsonObject) => void) | undefined;

  constructor(store: DeviceStore, clock: Clock) {
    this.store = store;
    this.#clock = clock;
  }

  get(hub: string, deviceId: string): DeviceRecord {
    const record = this.store.get(hub, deviceId);
    if (!record) throw deviceNotFound(deviceId);
    return record;
  }

  /** PUT /devices/{id}: create (no If-Match) or update (If-Match). */
  putDevice(hub: string, deviceId: string, body: unknown, ifMatch: string | string[] | undefined): { record: DeviceRecord; created: boolean } {
    checkDeviceId(deviceId);
    const input = asObject(body, "device");
    if (input.deviceId !== undefined && input.deviceId !== deviceId) {
      throw argumentInvalid(`The deviceId in the body ('${String(input.deviceId)}') does not match the deviceId in the URI ('${deviceId}').`);
    }
    const existing = this.store.get(hub, deviceId);
    const now = this.#clock.now();
    if (existing && ifMatch === undefined) throw deviceAlreadyExists(deviceId);
    if (!existing && ifMatch !== undefined && !isWildcard(ifMatch)) throw deviceNotFound(deviceId);
    if (existing) checkIfMatch(ifMatch, existing.identity.etag);
    const record = existing ?? newDeviceRecord(deviceId, now);
    applyIdentityFields(record, input, now);
    if (existing) {
      record.identity.etag = newDeviceEtag();
      this.store.update(hub, record);
      if (record.identity.status === "disabled") this.onDeviceBarred?.(hub, deviceId);
    } else {
      this.store.insert(hub, record);
    }
    return { record, created: !existing };
  }

  deleteDevice(hub: string, deviceId: string, ifMatch: string | string[] | undefined): void {
    const existing = this.get(hub, deviceId);
    checkIfMatch(ifMatch, existing.identity.etag);
    this.store.delete(hub, deviceId);
    this.onDeviceBarred?.(hub, deviceId);
  }

  /** PATCH (merge) or PUT (replace) of tags and desired properties from a service client. */
  writeTwin(hub: string, deviceId: string, body: unknown, mode: "patch" | "replace", ifMatch: string | string[] | undefined): DeviceRecord {
    const record = this.get(hub, deviceId);
    checkIfMatch(ifMatch, twinEtag(record.twin.version));
    const input = asObject(body, "twin");
    if (input.deviceId !== undefined && input.deviceId !== deviceId) {
      throw argumentInvalid(`The deviceId in the body ('${String(input.deviceId)}') does not match the deviceId in the URI ('${deviceId}').`);
    }
    const write: TwinWrite = {};
    if (input.tags !== undefined) write.tags = asObject(input.tags, "tags");
    if (input.properties !== undefined) {
      const props = asObject(input.properties, "properties");
      if (props.reported !== undefined) throw argumentInvalid("Reported properties can only be updated by the device.");
      if (props.desired !== undefined) write.desired = stripTwinMeta(asObject(props.desired, "properties.desired"));
    }
    if (mode === "replace") {
      write.tags ??= {};
      write.desired ??= {};
    }
    const before = record.twin.desired;
    record.twin = updateTwin(record.twin, write, mode, this.#clock.now());
    this.store.update(hub, record);
    // A replace sends the whole desired document, a merge patch only what it changed (null deletes).
    if (write.desired !== undefined) this.onDesiredChanged?.(hub, deviceId, mode === "replace" ? record.twin.desired : write.desired, record.twin.desiredVersion);
    if (write.desired !== undefined) this.onDesiredWritten?.(hub, record, before);
    return record;
  }

  /** The job host's twin update: a merge patch of tags and desired, no etag check (jobs send `*`). */
  patchTwin(hub: string, deviceId: string, patch: { tags?: JsonObject; properties?: { desired?: JsonObject } }): void {
    this.writeTwin(hub, deviceId, patch, "patch", undefined);
  }

  /** A simulated device reporting properties (fleet loader, admin). */
  reportProperties(hub: string, deviceId: string, reported: JsonObject): void {
    const record = this.get(hub, deviceId);
    record.twin = updateTwin(record.twin, { reported }, "patch", this.#clock.now());
    this.store.update(hub, record);
  }
}

function applyIdentityFields(record: DeviceRecord, input: JsonObject, now: Date): void {
  const id = record.identity;
  if (input.status !== undefined) {
    if (input.status !== "enabled" && input.status !== "disabled") throw argumentInvalid(`Invalid device status '${String(input.status)}'.`);
    if (input.status !== id.status) id.statusUpdatedTime = now.toISOString();
    id.status = input.status;
  }
  if (input.statusReason !== undefined) id.statusReason = input.statusReason === null ? null : String(input.statusReason);
  const caps = input.capabilities as { iotEdge?: unknown } | undefined;
  if (caps && typeof caps.iotEdge === "boolean") id.capabilities = { iotEdge: caps.iotEdge };
  const auth = input.authentication as { type?: unknown; symmetricKey?: { primaryKey?: unknown; secondaryKey?: unknown } } | undefined;
  if (auth && typeof auth === "object") {
    if (auth.type !== undefined) {
      if (!["sas", "selfSigned", "certificateAuthority", "none"].includes(String(auth.type))) {
        throw argumentInvalid(`Invalid authentication type '${String(auth.type)}'.`);
      }
      id.authentication.type = auth.type as DeviceRecord["identity"]["authentication"]["type"];
    }
    const keys = auth.symmetricKey;
    for (const k of ["primaryKey", "secondaryKey"] as const) {
      const v = keys?.[k];
      if (typeof v === "string" && v.length > 0) {
        if (!isBase64Key(v)) throw argumentInvalid(`The ${k} is not a valid base64 key of 16 to 64 bytes.`);
        id.authentication.symmetricKey[k] = v;
      }
    }
  }
}

function isBase64Key(v: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return false;
  const n = Buffer.from(v, "base64").length;
  return n >= 16 && n <= 64;
}

/** `$metadata` and `$version` are read-only; clients that send back a twin they read must not fail. */
function stripTwinMeta(desired: JsonObject): JsonObject {
  const { $metadata: _m, $version: _v, ...rest } = desired;
  return rest;
}

function asObject(value: unknown, name: string): JsonObject {
  if (value === undefined || value === null) throw argumentInvalid(`The ${name} in the request body is missing.`);
  if (typeof value !== "object" || Array.isArray(value)) throw argumentInvalid(`The ${name} in the request body must be a JSON object.`);
  return value as JsonObject;
}
