// Fault injection for testing clients: per hub, rules that make chosen operations answer 429 or
// 503, answer slowly, or drop the connection, for a share of requests or for the next N requests.
// Rules live in memory only: they are a test setting, not hub state, and vanish on restart.
import { argumentInvalid } from "../errors.ts";

export type FaultKind = "throttle" | "unavailable" | "slow" | "drop";
export const FAULT_KINDS: readonly FaultKind[] = ["throttle", "unavailable", "slow", "drop"];

export interface FaultRule {
  /** Operation names (e.g. `twins.get`, `jobs.create`) or `*` for every service operation. */
  operations: string[];
  fault: FaultKind;
  /** Share of matching requests that fail (0..1, spread evenly; default 1). */
  rate?: number;
  /** Only the next N matching requests (default: until the rules are cleared). */
  count?: number;
  /** Delay before answering (for `slow`; also delays the other faults when given). */
  delayMs?: number;
}

interface ActiveRule extends FaultRule {
  seen: number;
  remaining: number | undefined;
}

export interface FaultDecision {
  fault: FaultKind;
  delayMs: number;
}

export class FaultInjector {
  readonly #rules = new Map<string, ActiveRule[]>();

  set(hub: string, rules: FaultRule[]): void {
    this.#rules.set(hub, rules.map((r) => ({ ...r, seen: 0, remaining: r.count })));
  }

  clear(hub: string): void {
    this.#rules.delete(hub);
  }

  list(hub: string): FaultRule[] {
    return (this.#rules.get(hub) ?? []).map(({ seen: _s, remaining, ...rule }) =>
      remaining === undefined ? rule : { ...rule, count: remaining });
  }

  /** The fault to apply to this request, if any; counts the request against the matching rule. */
  decide(hub: string, operation: string): FaultDecision | undefined {
    const rules = this.#rules.get(hub);
    if (!rules) return undefined;
    for (const rule of rules) {
      if (!rule.operations.includes("*") && !rule.operations.includes(operation)) continue;
      if (rule.remaining !== undefined && rule.remaining <= 0) continue;
      const rate = rule.rate ?? 1;
      const n = rule.seen++;
      if (Math.floor((n + 1) * rate) <= Math.floor(n * rate)) continue;
      if (rule.remaining !== undefined) rule.remaining--;
      return { fault: rule.fault, delayMs: rule.delayMs ?? (rule.fault === "slow" ? 1000 : 0) };
    }
    return undefined;
  }
}

/** Checks an admin request body: `{ rules: FaultRule[] }` or a bare array of rules. */
export function readFaultRules(body: unknown): FaultRule[] {
  const list = Array.isArray(body) ? body : (body as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list)) throw argumentInvalid("Expected { rules: [...] }.");
  return list.map((r, i) => {
    const rule = r as Partial<FaultRule> | null;
    const where = `rules[${i}]`;
    if (!rule || typeof rule !== "object") throw argumentInvalid(`${where} must be an object.`);
    if (!FAULT_KINDS.includes(rule.fault as FaultKind)) throw argumentInvalid(`${where}.fault must be one of ${FAULT_KINDS.join(", ")}.`);
    const operations = rule.operations ?? ["*"];
    if (!Array.isArray(operations) || operations.some((o) => typeof o !== "string")) throw argumentInvalid(`${where}.operations must be a list of operation names.`);
    if (rule.rate !== undefined && !(typeof rule.rate === "number" && rule.rate >= 0 && rule.rate <= 1)) throw argumentInvalid(`${where}.rate must be between 0 and 1.`);
    if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count >= 1)) throw argumentInvalid(`${where}.count must be a positive integer.`);
    if (rule.delayMs !== undefined && !(Number.isInteger(rule.delayMs) && rule.delayMs >= 0)) throw argumentInvalid(`${where}.delayMs must be a non-negative integer.`);
    const out: FaultRule = { operations, fault: rule.fault as FaultKind };
    if (rule.rate !== undefined) out.rate = rule.rate;
    if (rule.count !== undefined) out.count = rule.count;
    if (rule.delayMs !== undefined) out.delayMs = rule.delayMs;
    return out;
  });
}
