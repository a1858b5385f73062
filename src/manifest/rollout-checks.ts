// Rules of `spec.rollout` that the schema cannot express. Like the other semantic checks, each
// looks only at fields of the right type (the schema reports the rest).
import { deviceIdsCondition, parseCondition } from "../query/index.ts";
import { isDuration, parseDuration } from "./duration.ts";
import { finding, type Finding } from "./finding.ts";
import { MAX_QUERY_CONDITION_CHARS } from "./limits.ts";
import { waveCondition } from "./rollout.ts";

type Loose = Record<string, unknown>;
const asObject = (value: unknown): Loose | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;

export function rolloutFindings(spec: Loose, out: Finding[]): void {
  const rollout = asObject(spec.rollout);
  if (!rollout) return;
  checkStart(spec, out);
  const waves = Array.isArray(rollout.waves) ? rollout.waves.map(asObject) : [];
  checkWaves(waves, targetCondition(asObject(spec.target)), out);
  const gate = asObject(rollout.gate);
  const verify = asObject(gate?.verify);
  if (typeof verify?.query === "string") checkQuery(verify.query, "/spec/rollout/gate/verify/query", out);
  const within = verify?.within;
  if (typeof within === "string" && isDuration(within) && parseDuration(within) < 1000) {
    out.push(finding("E_DURATION_RANGE", "/spec/rollout/gate/verify/within", `spec.rollout.gate.verify.within: ${within} is below the minimum 1s`));
  }
}

/** `pulumi up` runs one wave after another: it must start them itself and wait for each. */
function checkStart(spec: Loose, out: Finding[]): void {
  if (typeof asObject(spec.schedule)?.startTime === "string") {
    out.push(finding("E_ROLLOUT_START", "/spec/schedule/startTime", "spec.schedule.startTime: a rollout starts its first wave when applied and each next wave when the one before passed its gate; remove startTime (or apply the manifest at the time you want)"));
  }
  if (asObject(spec.completion)?.wait === false) {
    out.push(finding("E_ROLLOUT_START", "/spec/completion/wait", "spec.completion.wait: a rollout needs `pulumi up` to wait for each wave before it starts the next; remove wait: false"));
  }
}

function checkWaves(waves: Array<Loose | undefined>, target: string | undefined, out: Finding[]): void {
  const seen = new Set<string>();
  const excluded: string[] = [];
  waves.forEach((wave, i) => {
    if (!wave) return;
    const pointer = `/spec/rollout/waves/${i}`;
    const label = `spec.rollout.waves[${i}]${typeof wave.name === "string" ? ` (${wave.name})` : ""}`;
    if (typeof wave.name === "string") {
      if (seen.has(wave.name)) out.push(finding("E_ROLLOUT_WAVE", `${pointer}/name`, `${label}: another wave has the name ${wave.name}; wave names are unique within a rollout`));
      seen.add(wave.name);
    }
    const conditions = ["deviceIds", "where", "maxDevices"].filter((k) => wave[k] !== undefined);
    if (conditions.length > 1) out.push(finding("E_ROLLOUT_WAVE", pointer, `${label}: takes at most one of deviceIds, where and maxDevices (found ${conditions.join(" and ")})`));
    if (conditions.length === 0 && i < waves.length - 1) {
      out.push(finding("E_ROLLOUT_WAVE", pointer, `${label}: a wave without deviceIds, where or maxDevices is the rest of the target, so it must be the last wave`));
    }
    if (typeof wave.where === "string") checkQuery(wave.where, `${pointer}/where`, out);
    const own = typeof wave.where === "string" ? wave.where : Array.isArray(wave.deviceIds) && wave.deviceIds.every((d) => typeof d === "string") ? deviceIdsCondition(wave.deviceIds as string[]) : undefined;
    // Waves picked at apply time (maxDevices) are measured when they start; the others here.
    if (target !== undefined && own !== undefined) {
      const length = waveCondition(target, own, excluded).length;
      if (length > MAX_QUERY_CONDITION_CHARS) {
        out.push(finding("E_QUERY_TOO_LONG", pointer, `${label}: its condition (the target, the wave's own, the earlier waves excluded) is ${length} characters; IoT Hub takes at most ${MAX_QUERY_CONDITION_CHARS}`));
      }
      excluded.push(own);
    }
  });
}

function checkQuery(query: string, pointer: string, out: Finding[]): void {
  const parsed = parseCondition(query);
  if (!parsed.ok) out.push(finding("E_QUERY_SYNTAX", pointer, `${pointer.slice(1).replaceAll("/", ".")}: ${parsed.error.message}`, { valueOffset: parsed.error.offset }));
}

function targetCondition(target: Loose | undefined): string | undefined {
  if (typeof target?.query === "string") return target.query;
  if (Array.isArray(target?.deviceIds) && target.deviceIds.every((d) => typeof d === "string")) return deviceIdsCondition(target.deviceIds as string[]);
  return undefined;
}
