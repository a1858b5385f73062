// Which advice a locked stack gets, by who holds its locks. `pulumi cancel` removes every lock of the
// stack, so it is offered only when none belongs to a process that still runs here.
import { describe, expect, it } from "vitest";
import { lockMessage } from "../../scripts/lib/stack-lock-message.ts";
import type { LockHolder, StackLock } from "../../scripts/lib/stack-locks.ts";

const lock = (pid: number, host = "laptop"): StackLock => ({ file: `${pid}.json`, pid, username: "me", hostname: host, timestamp: "2026-12-06T14:25:50.123456789+01:00" });
const holders = (byPid: Record<number, LockHolder>) => (l: StackLock) => byPid[l.pid]!;

describe("lockMessage", () => {
  it("no locks: nothing to say", () => {
    expect(lockMessage("dev", [], "npm start")).toBeUndefined();
  });

  it("every holder gone: names them (time to the second) and the command that releases the locks", () => {
    const text = lockMessage("dev", [lock(1), lock(2)], "npm start", holders({ 1: "gone", 2: "gone" }))!;
    expect(text).toContain("locked by 2 `pulumi` processes that no longer run on this machine (pid 1 of me@laptop, since 2026-12-06T14:25:50+01:00; pid 2 of me@laptop");
    expect(text).toContain("Release it with `npm run pulumi -- cancel --stack dev`, then run npm start again.");
  });

  it("one holder still runs: wait, and no cancel offered, even next to a dead one", () => {
    const text = lockMessage("dev", [lock(1), lock(2)], "npm start", holders({ 1: "gone", 2: "running" }))!;
    expect(text).toContain("being updated by a `pulumi` that still runs on this machine (pid 2 of me@laptop");
    expect(text).not.toContain("cancel");
  });

  it("another machine's lock: says it cannot tell, and how to release it once that update is over", () => {
    const text = lockMessage("prod", [lock(5, "ci-runner")], "the command", holders({ 5: "elsewhere" }))!;
    expect(text).toContain("locked by an update on another machine (pid 5 of me@ci-runner");
    expect(text).toContain("When that update is over, release the lock with `npm run pulumi -- cancel --stack prod`, then run the command again.");
  });
});
