// Staged rollouts: the waves of a manifest as conditions. A wave's devices are the target's devices
// that match the wave's own condition and none of the earlier waves' (each earlier wave is excluded
// by the condition it ran with), so the waves are disjoint and every targeted device is in at most
// one wave, in exactly one when the last wave has no condition of its own (the rest).
import { deviceIdsCondition, notTrueCondition } from "../query/index.ts";
import { ALL_DEVICES, DEFAULT_SOAK, DEFAULT_VERIFY_MIN_PERCENT, DEFAULT_VERIFY_WITHIN } from "./defaults.ts";
import { parseDuration } from "./duration.ts";
import type { CompiledRollout, RolloutSpec } from "./types.ts";

/** The queryCondition a wave's job runs with. `excluded`: the conditions the earlier waves ran with. */
export function waveCondition(target: string, own: string | undefined, excluded: readonly string[]): string {
  const parts: string[] = [];
  if (target.trim() !== ALL_DEVICES) parts.push(`(${target})`);
  if (own !== undefined) parts.push(`(${own})`);
  // Not `NOT (c)`: a device without a property c reads is in neither c nor NOT c (src/query/not-true.ts).
  for (const condition of excluded) parts.push(`(${notTrueCondition(condition)})`);
  return parts.length === 0 ? ALL_DEVICES : parts.join(" AND ");
}

/** `spec.rollout` with defaults: a wave's own condition is its `where`, or its `deviceIds` as `deviceId IN [...]`. */
export function compileRollout(rollout: RolloutSpec, completionMaxFailedPercent: number): CompiledRollout {
  const gate = rollout.gate ?? {};
  const verify = gate.verify;
  return {
    waves: rollout.waves.map((w) => ({
      name: w.name,
      ...(w.deviceIds ? { condition: deviceIdsCondition(w.deviceIds) } : w.where !== undefined ? { condition: w.where } : {}),
      ...(w.maxDevices !== undefined ? { maxDevices: w.maxDevices } : {}),
    })),
    gate: {
      maxFailedPercent: gate.maxFailedPercent ?? completionMaxFailedPercent,
      ...(verify
        ? { verify: { query: verify.query, minPercent: verify.minPercent ?? DEFAULT_VERIFY_MIN_PERCENT, withinSeconds: Math.ceil(parseDuration(verify.within ?? DEFAULT_VERIFY_WITHIN) / 1000) } }
        : {}),
      soakSeconds: Math.ceil(parseDuration(gate.soak ?? DEFAULT_SOAK) / 1000),
    },
  };
}
