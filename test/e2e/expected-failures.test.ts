// Issue 16, item 1 with the real Pulumi engine: the failures a user can cause (configuration, a
// fleet file, a hub that is not there) come out as one clean list, every problem at once, with a
// non-zero exit and no stack trace, the way manifest problems do.
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { closedPort } from "../support/closed-port.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2EProject, methodJob, requireEngine, skipReason } from "./harness.ts";
import { expectNoStackTrace } from "./user-output.ts";

const STEP_TIMEOUT = 180_000;

describe.skipIf(skipReason !== undefined)("expected failures of the program (real engine)", () => {
  let project: E2EProject;

  beforeAll(async () => {
    project = await E2EProject.create(requireEngine());
    project.writeManifest("lock.yaml", methodJob("lock-one"));
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await project?.dispose();
  });

  it("configuration problems: every one listed at once, preview and up exit non-zero, nothing applied", async () => {
    await project.pulumiOk(["config", "rm", "hubjobs:emulatorAdminKey"]);
    await project.setConfig({ "hubjobs:fleetFile": "fleets/missing.yaml", "hubjobs:auth": "password" });
    for (const command of [["preview"], ["up", "--yes"]]) {
      const result = await project.pulumi(command);
      expect(result.code, result.output).not.toBe(0);
      expectNoStackTrace(result.output);
      expect(result.output).toContain("3 problems in the hubjobs configuration of stack e2e (Pulumi.e2e.yaml); nothing was applied:");
      expect(result.output).toContain("no emulator admin key: set hubjobs:emulatorAdminKey (--secret), HUBJOBS_ADMIN_KEY");
      expect(result.output).toContain("hubjobs:fleetFile: cannot read fleets/missing.yaml");
      expect(result.output).toContain('hubjobs:auth must be sas or entra, got "password"');
    }
    expect(await project.resourceUrns((type) => type.includes("hubjobs"))).toEqual([]);
  }, STEP_TIMEOUT);

  it("a broken fleet file: its problems with file:line:col, no stack trace", async () => {
    await project.pulumiOk(["config", "rm", "hubjobs:auth"]);
    await project.pulumiOk(["config", "set", "--secret", "hubjobs:emulatorAdminKey", "--", project.hub.adminKey]);
    mkdirSync(path.join(project.dir, "fleets"), { recursive: true });
    writeFileSync(path.join(project.dir, "fleets/broken.yaml"), "apiVersion: hubjobs/v1\nkind: Fleet\ndevices:\n  - deviceId: a\n    connected: maybe\n");
    await project.setConfig({ "hubjobs:fleetFile": "fleets/broken.yaml" });
    const result = await project.pulumi(["up", "--yes"]);
    expect(result.code, result.output).not.toBe(0);
    expectNoStackTrace(result.output);
    expect(result.output).toMatch(/1 problem in the hubjobs configuration of stack e2e \(Pulumi\.e2e\.yaml\); nothing was applied:\n\s+hubjobs:fleetFile: fleets\/broken\.yaml:5:\d+: \/devices\/0\/connected must be boolean/);
    expect(await project.hubJobs()).toEqual([]);
    await project.pulumiOk(["config", "rm", "hubjobs:fleetFile"]);
  }, STEP_TIMEOUT);

  it("a hub that refuses the admin key (another clone's): says so and where to look, no stack trace", async () => {
    await project.pulumiOk(["config", "set", "--secret", "hubjobs:emulatorAdminKey", "--", "another-clones-key"]);
    const result = await project.pulumi(["up", "--yes"]);
    expect(result.code, result.output).not.toBe(0);
    expectNoStackTrace(result.output);
    expect(result.output).toContain(`this stack's admin key does not open the emulator at ${project.hub.url}: it serves another data directory (${project.hub.url}/_emulator/identity says which)`);
    await project.pulumiOk(["config", "set", "--secret", "hubjobs:emulatorAdminKey", "--", project.hub.adminKey]);
  }, STEP_TIMEOUT);

  it("a hub that is not there: one line naming its address and how to start it, no stack trace", async () => {
    await project.setConfig({ "hubjobs:emulatorUrl": `http://127.0.0.1:${await closedPort()}` });
    const result = await project.pulumi(["up", "--yes"]);
    expect(result.code, result.output).not.toBe(0);
    expectNoStackTrace(result.output);
    expect(result.output).toMatch(/error: the hubjobs emulator at http:\/\/127\.0\.0\.1:\d+ is not reachable \(.*ECONNREFUSED.*\); start it with `npx hubjobs hub` \(or `npm start`\)/);
  }, STEP_TIMEOUT);
});
