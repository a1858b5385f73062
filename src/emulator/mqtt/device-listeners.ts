// Where devices reach the MQTT endpoint, as on IoT Hub: MQTT over TLS on its own port (8883), and
// MQTT over WebSockets on the hub's HTTPS port at `/$iothub/websocket` with the `mqtt` subprotocol.
import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createTlsServer, type Server as TlsServer } from "node:tls";
import { createWebSocketStream, WebSocketServer } from "ws";
import type { DeviceEndpoint } from "./device-endpoint.ts";

export const WEBSOCKET_PATH = "/$iothub/websocket";

export interface MqttTlsListener {
  port: number;
  close(): Promise<void>;
}

export async function listenMqttTls(endpoint: DeviceEndpoint, options: { port: number; host: string; cert: Buffer; key: Buffer }): Promise<MqttTlsListener> {
  const server: TlsServer = createTlsServer({ cert: options.cert, key: options.key }, (socket) => {
    socket.setNoDelay(true);
    endpoint.handle(socket);
  });
  // A client that fails the handshake (an untrusted certificate) is its own problem, not the hub's.
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Serves MQTT over WebSockets on an HTTP(S) server's upgrade requests; other upgrades are refused. */
export function attachWebSocketEndpoint(server: HttpServer, endpoint: DeviceEndpoint): { close(): void } {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has("mqtt") ? "mqtt" : false),
  });
  server.on("upgrade", (request, socket, head) => {
    const path = (request.url ?? "").split("?")[0];
    if (path !== WEBSOCKET_PATH) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      stream.on("error", () => ws.terminate());
      endpoint.handle(stream, request);
    });
  });
  return {
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
