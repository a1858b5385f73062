// The embedded IoT Hub for provider tests: one emulator per test file, one fresh hub per test
// (names from a counter), created, loaded and faulted through the admin API like the program does.
import type { Clock } from "../../src/emulator/clock.ts";
import { startHub } from "../../src/emulator/start-hub.ts";
import type { HubAccessInputs } from "../../src/provider/job-types.ts";

export interface TestHub {
  name: string;
  access: HubAccessInputs;
  setFaults(rules: unknown[]): Promise<void>;
  clearFaults(): Promise<void>;
}

export const defaultFleet = {
  apiVersion: "hubjobs/v1",
  kind: "Fleet",
  devices: [
    { deviceId: "Device-1", connected: true, methods: { LockDoor: { status: 200 } } },
    { deviceId: "Device-2", connected: true, methods: { LockDoor: { status: 200 } } },
    { deviceId: "Offline-1", connected: false },
  ],
};

export async function startEmulator(options: { clock?: Clock } = {}) {
  const running = await startHub({ port: 0, ...(options.clock ? { clock: options.clock } : {}) });
  let counter = 0;

  async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${running.url}/_emulator/hubs/${path}`, {
      method,
      headers: { Authorization: `Bearer ${running.adminKey}`, "Content-Type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`admin ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  async function newHub(options: { tier?: string; fleet?: unknown } = {}): Promise<TestHub> {
    const name = `test-${++counter}`;
    const hub = (await admin("PUT", name, { tier: options.tier ?? "S3" })) as { hostName: string; connectionString: string; endpoint: string };
    await admin("PUT", `${name}/fleet`, options.fleet ?? defaultFleet);
    return {
      name,
      access: { hostName: hub.hostName, endpoint: hub.endpoint, auth: "sas", connectionString: hub.connectionString },
      setFaults: async (rules) => { await admin("PUT", `${name}/faults`, { rules }); },
      clearFaults: async () => { await admin("DELETE", `${name}/faults`); },
    };
  }

  return { url: running.url, adminKey: running.adminKey, newHub, close: () => running.close() };
}
