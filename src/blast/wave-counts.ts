// A rollout's blast radius, wave by wave: how many of the target's devices each wave would take if
// it started now. Waves with their own condition (deviceIds, where) are counted exactly, each
// excluding the earlier ones as the provider will. A `maxDevices` wave picks its devices when it
// starts, so the preview knows only how many; a later wave with a condition of its own may lose some
// of its devices to that pick, so its count is an upper bound ("at most"), while the last wave (the
// rest) is counted exactly by subtracting the picks.
import { waveCondition } from "../manifest/rollout.ts";
import type { CompiledWave } from "../manifest/types.ts";

export interface WaveCount {
  name: string;
  matched: number;
  /** Offline devices among them; undefined for a wave picked when it starts. */
  offline?: number;
  /** True when `matched` is an upper bound (an earlier wave picks its devices when it starts). */
  atMost: boolean;
  /** A `maxDevices` wave: its devices are picked when it starts. */
  picked?: true;
}

/** `count`: devices a condition matches; `countOffline`: the offline ones among them. */
export async function countWaves(count: (condition: string) => Promise<number>, countOffline: (condition: string) => Promise<number>, target: string, waves: readonly CompiledWave[]): Promise<WaveCount[]> {
  const excluded: string[] = [];
  let picked = 0;
  const out: WaveCount[] = [];
  for (const wave of waves) {
    if (wave.condition === undefined && wave.maxDevices !== undefined) {
      const remaining = Math.max(0, (await count(waveCondition(target, undefined, excluded))) - picked);
      const n = Math.min(wave.maxDevices, remaining);
      picked += n;
      out.push({ name: wave.name, matched: n, atMost: false, picked: true });
      continue;
    }
    const condition = waveCondition(target, wave.condition, excluded);
    const rest = wave.condition === undefined;
    const matched = Math.max(0, (await count(condition)) - (rest ? picked : 0));
    const offline = matched === 0 ? 0 : await countOffline(condition);
    out.push({ name: wave.name, matched, ...(picked === 0 ? { offline } : {}), atMost: !rest && picked > 0 });
    if (wave.condition !== undefined) excluded.push(wave.condition);
  }
  return out;
}
