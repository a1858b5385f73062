// IoT Hub's device endpoint over MQTT 3.1.1, on the aedes broker: aedes speaks MQTT (CONNECT, QoS,
// keep-alive, takeover of a duplicate client id); this file decides who may connect, what a device may
// publish and subscribe to, and answers twin requests. Streams come from device-listeners.ts.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { Aedes, type AuthenticateError, type Client, type PublishPacket } from "aedes";
import type { Clock } from "../clock.ts";
import type { Registry } from "../registry/registry.ts";
import { ServiceError } from "../service-error.ts";
import type { HubStore } from "../store/hub-store.ts";
import { authenticateDevice } from "./device-credentials.ts";
import { DeviceConnections, noop } from "./device-connections.ts";
import { maySubscribe, readDevicePublish, twinResponseTopic } from "./device-topics.ts";

export interface DeviceEndpointDeps {
  hubs: HubStore;
  registry: Registry;
  clock: Clock;
  /** One line per refused connection or publish, like the request log. */
  log?: (line: string) => void;
}

export interface DeviceEndpoint {
  connections: DeviceConnections;
  /** Serves one device connection (a TLS socket, or a WebSocket stream with its upgrade request). */
  handle(stream: Duplex, request?: IncomingMessage): void;
  close(): Promise<void>;
}

export async function createDeviceEndpoint(deps: DeviceEndpointDeps): Promise<DeviceEndpoint> {
  const connections = new DeviceConnections(deps.registry, deps.clock);
  const claims = new WeakMap<Client, { hub: string; deviceId: string }>();
  const log = deps.log ?? (() => {});

  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const result = authenticateDevice(deps, client.id, username, password);
      if (!result.ok) {
        log(`MQTT CONNECT ${client.id} refused (${result.returnCode}): ${result.reason}`);
        const error = new Error(result.reason) as AuthenticateError;
        error.returnCode = result.returnCode;
        done(error, false);
        return;
      }
      claims.set(client, { hub: result.hub.name, deviceId: result.deviceId });
      done(null, true);
    },
    authorizeSubscribe(client, subscription, done) {
      const claim = claims.get(client);
      if (claim && maySubscribe(claim.deviceId, subscription.topic)) {
        done(null, subscription);
        return;
      }
      log(`MQTT SUBSCRIBE ${subscription.topic} by ${client.id} refused`);
      done(null, null);
    },
    authorizePublish(client, packet, done) {
      const claim = client ? claims.get(client) : undefined;
      const meaning = claim ? readDevicePublish(claim.deviceId, packet.topic) : undefined;
      if (!client || !claim || !meaning) {
        // IoT Hub closes the connection of a device publishing where it may not.
        log(`MQTT PUBLISH ${packet.topic} by ${client?.id ?? "?"} refused: not a topic of this device`);
        done(new Error(`publishing to ${packet.topic} is not allowed`));
        return;
      }
      // The hub keeps no retained messages; nothing a device publishes is routed to other devices.
      packet.retain = false;
      connections.touched(client, meaning.kind === "telemetry");
      if (meaning.kind === "twinGet") answerTwinGet(client, claim, meaning.rid);
      else if (meaning.kind === "reportedPatch") answerReportedPatch(client, claim, meaning.rid, packet);
      else if (meaning.kind === "methodResponse") connections.methodAnswered(client, meaning.rid, meaning.status, toBuffer(packet.payload));
      done(null);
    },
  });

  broker.on("client", (client) => {
    const claim = claims.get(client);
    if (claim) connections.attach(claim.hub, claim.deviceId, client);
  });
  broker.on("clientDisconnect", (client) => connections.detach(client));
  // aedes also lists refused filters (granted 128); only granted ones count.
  broker.on("subscribe", (subscriptions, client) => connections.subscribed(client, subscriptions.filter((sub) => (sub.qos as number) !== 128).map((sub) => sub.topic)));
  broker.on("clientError", (client, error) => log(`MQTT ${client.id}: ${error.message}`));

  function reply(client: Client, topic: string, body: unknown): void {
    const payload = Buffer.from(body === undefined ? "" : JSON.stringify(body));
    client.publish({ cmd: "publish", topic, payload, qos: 0, dup: false, retain: false }, noop);
  }

  function answerTwinGet(client: Client, claim: { hub: string; deviceId: string }, rid: string): void {
    const record = deps.registry.store.get(claim.hub, claim.deviceId);
    if (!record) {
      reply(client, twinResponseTopic(404, rid), { errorCode: 404001, message: `Device ${claim.deviceId} not found.` });
      return;
    }
    const t = record.twin;
    reply(client, twinResponseTopic(200, rid), {
      desired: { ...t.desired, $version: t.desiredVersion },
      reported: { ...t.reported, $version: t.reportedVersion },
    });
  }

  function answerReportedPatch(client: Client, claim: { hub: string; deviceId: string }, rid: string, packet: PublishPacket): void {
    try {
      const patch = JSON.parse(toBuffer(packet.payload).toString("utf8")) as unknown;
      if (patch === null || typeof patch !== "object" || Array.isArray(patch)) throw new ServiceError(400, "ArgumentInvalid", "The reported properties patch must be a JSON object.", 400004);
      deps.registry.reportProperties(claim.hub, claim.deviceId, patch as Record<string, unknown>);
      const version = deps.registry.get(claim.hub, claim.deviceId).twin.reportedVersion;
      reply(client, twinResponseTopic(204, rid, version), undefined);
    } catch (e) {
      const status = e instanceof ServiceError ? e.status : 400;
      const message = e instanceof Error ? e.message : String(e);
      reply(client, twinResponseTopic(status, rid), { errorCode: e instanceof ServiceError ? e.numericCode : undefined, message });
    }
  }

  return {
    connections,
    handle(stream, request) {
      broker.handle(stream, request);
    },
    close() {
      connections.closeAll();
      return new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

function toBuffer(payload: string | Buffer): Buffer {
  return typeof payload === "string" ? Buffer.from(payload) : payload;
}
