// An HTTP proxy for tests, as a corporate network has one: TooTallNate's `proxy` package (the one
// the https-proxy-agent tests use), which tunnels CONNECT and forwards plain requests. It records
// what it was asked for, so a test can tell that traffic really went through it.
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createProxy } from "proxy";

export interface RunningProxy {
  /** `http://127.0.0.1:<port>`, for HTTPS_PROXY. */
  url: string;
  /** Every request it was asked to serve, as `<METHOD> <target>`: `CONNECT 127.0.0.1:4300` for a tunnel. */
  requests: string[];
  /** The `host:port` targets of its CONNECT requests. */
  tunnelsTo(target: string): number;
  close(): Promise<void>;
}

export async function startConnectProxy(): Promise<RunningProxy> {
  const server = createProxy(http.createServer());
  const requests: string[] = [];
  // Called for every request, tunnels included, before it is served: the one hook the package offers.
  server.authenticate = (req) => {
    requests.push(`${req.method} ${req.url}`);
    return true;
  };
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    tunnelsTo: (target) => requests.filter((r) => r === `CONNECT ${target}`).length,
    close: () =>
      new Promise<void>((resolve) => {
        // Open tunnels hold the server open; they end with it.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
