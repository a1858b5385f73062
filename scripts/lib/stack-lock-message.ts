// What to tell the user about a locked stack, by who holds the locks. `pulumi cancel` removes every
// lock of the stack, so it is named only when no lock belongs to a process that still runs here.
import { lockHolder, type LockHolder, type StackLock } from "./stack-locks.ts";

export function cancelCommand(stack: string): string {
  return `npm run pulumi -- cancel --stack ${stack}`;
}

function describe(lock: StackLock): string {
  // Go writes nanoseconds; seconds are what a reader needs.
  const since = lock.timestamp.replace(/\.\d+(?=Z|[+-]\d)/, "");
  return `pid ${lock.pid} of ${lock.username}@${lock.hostname}${since ? `, since ${since}` : ""}`;
}

/** One paragraph about the stack's locks, or undefined when it has none; `rerun` names what to run again (e.g. `npm start`). */
export function lockMessage(stack: string, locks: StackLock[], rerun: string, holderOf: (lock: StackLock) => LockHolder = (lock) => lockHolder(lock)): string | undefined {
  if (locks.length === 0) return undefined;
  const held = locks.map((lock) => ({ lock, holder: holderOf(lock) }));
  const running = held.filter((h) => h.holder === "running");
  if (running.length > 0) {
    return `the ${stack} stack is being updated by a \`pulumi\` that still runs on this machine (${running.map((h) => describe(h.lock)).join("; ")}): wait for it to end, then run ${rerun} again. Nothing was run, and its lock is left alone.`;
  }
  const elsewhere = held.filter((h) => h.holder === "elsewhere");
  if (elsewhere.length > 0) {
    return [
      `the ${stack} stack is locked by an update on another machine (${elsewhere.map((h) => describe(h.lock)).join("; ")}); whether it still runs cannot be told from here. Nothing was run.`,
      `  When that update is over, release the lock with \`${cancelCommand(stack)}\`, then run ${rerun} again.`,
    ].join("\n");
  }
  const processes = held.length === 1 ? "a `pulumi` that no longer runs" : `${held.length} \`pulumi\` processes that no longer run`;
  return [
    `the ${stack} stack is locked by ${processes} on this machine (${held.map((h) => describe(h.lock)).join("; ")}): an update that was killed before it could release its lock. Nothing was run.`,
    `  Release it with \`${cancelCommand(stack)}\`, then run ${rerun} again.`,
  ].join("\n");
}
