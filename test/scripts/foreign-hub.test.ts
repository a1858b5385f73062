// The paragraph npm start prints for a hub it cannot use, in the cases the real-process test
// (start-foreign-hub.test.ts) does not reach: this clone's own hub started with another key, and
// something on the port that is no hubjobs emulator (or one from before the identity route).
import { describe, expect, it } from "vitest";
import { foreignHubMessage } from "../../scripts/lib/foreign-hub.ts";

const settings = { url: "http://127.0.0.1:4300", dataDir: "/home/me/second/.hubjobs/emulator", adminKeyInStack: false };

describe("foreignHubMessage", () => {
  it("this clone's own data directory, but a key it refuses: restart it, no other port offered", () => {
    const text = foreignHubMessage(settings, { usable: false, own: true, identity: { service: "hubjobs-emulator", pid: 77, dataDir: settings.dataDir }, keySource: "HUBJOBS_ADMIN_KEY" }, 4301);
    expect(text).toBe([
      "the hub at http://127.0.0.1:4300 serves this clone's data directory (pid 77) but refuses this clone's admin key (HUBJOBS_ADMIN_KEY). Nothing was run.",
      "  Restart it with this clone's key: `npm run hub:stop` (or `kill 77`), then run npm start again.",
    ].join("\n"));
  });

  it("something that does not say which emulator it is: stop what listens on the port, or take another", () => {
    const text = foreignHubMessage(settings, { usable: false, own: false, identity: undefined, keySource: undefined }, undefined);
    expect(text).toContain("something answers at http://127.0.0.1:4300 that this clone cannot use as its hub");
    expect(text).toContain("Stop whatever listens on port 4300, then run npm start again.");
    expect(text).toContain("set `hubjobs:emulatorUrl: http://127.0.0.1:<a free port>` in Pulumi.dev.yaml");
  });

  it("a hub kept in memory (a test's, or startHub()'s): no clone to run hub:stop in, its pid to kill", () => {
    const text = foreignHubMessage(settings, { usable: false, own: false, identity: { service: "hubjobs-emulator", pid: 88, dataDir: null }, keySource: undefined }, 4302);
    expect(text).toContain("it keeps its state in memory (pid 88)");
    expect(text).toContain("Stop it, then run npm start again: `kill 88`.");
  });
});
