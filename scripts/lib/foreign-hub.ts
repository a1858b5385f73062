// What `npm start` says when the hub on the dev stack's port is not this clone's: whose it is, how
// to stop it, and how to give this clone a hub of its own on a free port instead.
import { createServer } from "node:net";
import * as path from "node:path";
import type { DevHubSettings } from "./dev-stack-config.ts";
import type { HubOwnership } from "./hub-ownership.ts";

/** The first port after `from` that nothing on 127.0.0.1 listens on, or undefined among the next 20. */
export async function freePortAfter(from: number): Promise<number | undefined> {
  for (let port = from + 1; port <= from + 20; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  return undefined;
}

/** The clone a data directory belongs to, when it is a clone's default `.hubjobs/emulator`. */
function cloneOf(dataDir: string): string | undefined {
  return dataDir.endsWith(path.join(".hubjobs", "emulator")) ? path.dirname(path.dirname(dataDir)) : undefined;
}

export function foreignHubMessage(settings: DevHubSettings, ownership: Extract<HubOwnership, { usable: false }>, freePort: number | undefined): string {
  const { identity, keySource } = ownership;
  const url = settings.url;
  const lines: string[] = [];
  const noKey = keySource ? `this clone's admin key (${keySource}) does not open it` : "this clone has no admin key for it";
  if (identity && ownership.own) {
    // This clone's hub, started with another key (--admin-key, or a HUBJOBS_ADMIN_KEY set then but not now).
    const refused = keySource ? `refuses this clone's admin key (${keySource})` : "was started with an admin key this clone does not have";
    lines.push(`the hub at ${url} serves this clone's data directory (pid ${identity.pid}) but ${refused}. Nothing was run.`);
    lines.push(`  Restart it with this clone's key: \`npm run hub:stop\` (or \`kill ${identity.pid}\`), then run npm start again.`);
    return lines.join("\n");
  }
  if (identity) {
    const where = identity.dataDir ? `serves the data directory ${identity.dataDir}` : "keeps its state in memory";
    lines.push(`the hub at ${url} is not this clone's: it ${where} (pid ${identity.pid}), this clone's is ${settings.dataDir}, and ${noKey}. Nothing was run.`);
    const clone = identity.dataDir ? cloneOf(identity.dataDir) : undefined;
    lines.push(`  Stop it, then run npm start again: ${clone ? `\`npm run hub:stop\` in ${clone}, or ` : ""}\`kill ${identity.pid}\`.`);
  } else {
    lines.push(`something answers at ${url} that this clone cannot use as its hub: it does not say which hubjobs emulator it is, and ${noKey}. Nothing was run.`);
    lines.push(`  Stop whatever listens on port ${new URL(url).port || "80"}, then run npm start again.`);
  }
  const other = freePort === undefined ? "http://127.0.0.1:<a free port>" : `http://127.0.0.1:${freePort}`;
  lines.push(`  Or give this clone a hub of its own on another port: set \`hubjobs:emulatorUrl: ${other}\` in Pulumi.dev.yaml, then run npm start.`);
  return lines.join("\n");
}
