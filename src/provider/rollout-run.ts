// Runs a staged rollout: one IoT Hub job per wave, in order, each judged at its end by the gate
// before the next starts. A failed gate stops the rollout: later waves are never submitted.
//
// Every wave's job id is derived from the rollout's id and the wave's place, so a `pulumi up` that
// was killed mid-rollout and run again finds the waves that already ran (and adopts them: a finished
// wave never runs again) and continues with the next. A wave's devices exclude every earlier wave's:
// by that wave's own condition, or for a wave picked by count (`maxDevices`) by the devices its job
// actually ran on (its `devices.jobs` rows), so a resumed rollout excludes exactly what ran.
import { hash } from "node:crypto";
import type { IotHubClient } from "../iothub/client.ts";
import { isFinished, type DeviceJobRow, type DeviceJobStatistics, type JobRequest, type JobResponse } from "../iothub/types.ts";
import { lineageJobId } from "../manifest/job-id.ts";
import { waveCondition } from "../manifest/rollout.ts";
import type { CompiledWave } from "../manifest/types.ts";
import { deviceIdsCondition, MAX_QUERY_LENGTH } from "../query/index.ts";
import { findFailedDevices, judgeOutcome, type FailedDevice, type FindOptions, type JobOutcome } from "../jobs/index.ts";
import type { JobInputs, WaveRecord } from "./job-types.ts";
import { recordSubmitted } from "./job-history.ts";
import { completionWait, waitForJob } from "./job-wait.ts";

/** How many candidate device ids a `maxDevices` wave reads to pick from (100 pages of 100). */
export const PICK_CANDIDATE_CAP = 10_000;

export class RolloutError extends Error {
  readonly code = "RolloutInvalid";
}

export interface RolloutDeps {
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  log: (line: string) => void;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  findOptions: FindOptions;
  /** How often a `verify` gate counts the devices that report the result. */
  verifyIntervalMs?: number;
}

export interface RolloutResult {
  waves: WaveRecord[];
  outcome: JobOutcome;
  /** The last wave's job as the hub has it, and the failed devices of the rollout's waves. */
  statistics: DeviceJobStatistics;
  failedDevices: FailedDevice[];
  adopted: boolean;
}

/** The job id of a rollout's wave: a job of the manifest's family (`<name>-<8 hex>`), fixed by the rollout's id. */
export function waveJobId(inputs: Pick<JobInputs, "name" | "jobId" | "request">, index: number, wave: CompiledWave): string {
  return lineageJobId(inputs.name, inputs.request, `${inputs.jobId} wave ${index + 1} ${wave.name}`);
}

export async function runRollout(client: IotHubClient, inputs: JobInputs, d: RolloutDeps): Promise<RolloutResult> {
  const rollout = inputs.rollout!;
  const target = inputs.request.queryCondition;
  const excluded: string[] = [];
  const waves: WaveRecord[] = [];
  const failedDevices: FailedDevice[] = [];
  const total: DeviceJobStatistics = { deviceCount: 0, failedCount: 0, succeededCount: 0, runningCount: 0, pendingCount: 0 };
  let adoptedAll = true;
  for (const [index, wave] of rollout.waves.entries()) {
    const label = `${inputs.name} wave ${index + 1}/${rollout.waves.length} (${wave.name})`;
    const jobId = waveJobId(inputs, index, wave);
    let job = await client.getJob(jobId);
    const adopted = job !== undefined;
    adoptedAll &&= adopted;
    if (!job) {
      const own = wave.condition ?? (wave.maxDevices !== undefined ? await pickDevices(client, target, excluded, wave.maxDevices) : undefined);
      const condition = waveCondition(target, own, excluded);
      if (condition.length > MAX_QUERY_LENGTH) {
        throw new RolloutError(`rollout ${inputs.name}: wave ${wave.name}'s condition (the target, the wave's own, the earlier waves excluded) is ${condition.length} characters; IoT Hub takes at most ${MAX_QUERY_LENGTH}. Use fewer devices in a maxDevices or deviceIds wave, or tag the devices and use where.`);
      }
      const request: JobRequest = { ...inputs.request, jobId, queryCondition: condition };
      job = await client.createJob(jobId, request);
      recordSubmitted(inputs.hub, job);
      d.log(`${label}: submitted job ${jobId}`);
    } else {
      d.log(`${label}: adopted job ${jobId} (${job.status}), which an earlier run submitted`);
    }
    let timedOut = false;
    if (!isFinished(job.status)) {
      ({ job, timedOut } = await waitForJob(client, job, completionWait(inputs, d, label)));
    }
    excluded.push(wave.maxDevices !== undefined && wave.condition === undefined ? await ranOn(client, jobId) : (wave.condition ?? "*"));
    const findings = await findFailedDevices(client, job, d.findOptions);
    failedDevices.push(...findings.failedDevices);
    addStatistics(total, job.deviceJobStatistics);
    const verdict = judgeOutcome(`${inputs.name}/${wave.name}`, job, { ...inputs.completion, maxFailedPercent: rollout.gate.maxFailedPercent }, findings.failedDevices, timedOut, findings.deviceErrors);
    const record: WaveRecord = { name: wave.name, jobId, status: job.status, deviceJobStatistics: { ...emptyStatistics, ...job.deviceJobStatistics }, gate: verdict.ok ? "passed" : verdict.message, maxFailedPercent: rollout.gate.maxFailedPercent };
    waves.push(record);
    if (!verdict.ok) return stopped(inputs, wave, record, verdict.message, { waves, total, failedDevices, adoptedAll });
    const verified = rollout.gate.verify ? await verifyWave(client, job, rollout.gate.verify, label, d) : undefined;
    if (verified && !verified.ok) {
      record.gate = verified.message;
      return stopped(inputs, wave, record, verified.message, { waves, total, failedDevices, adoptedAll });
    }
    d.log(`${label}: gate passed (${verdict.message}${verified ? `; ${verified.message}` : ""})`);
    if (index < rollout.waves.length - 1 && rollout.gate.soakSeconds > 0 && !adopted) {
      d.log(`${label}: soaking ${rollout.gate.soakSeconds}s before the next wave`);
      await d.sleep(rollout.gate.soakSeconds * 1000);
    }
  }
  const message = `rollout ${inputs.name} (${inputs.jobId}) completed all ${waves.length} waves; ${total.deviceCount} devices: ${total.succeededCount} succeeded, ${total.failedCount} failed`;
  return { waves, outcome: { ok: true, message }, statistics: total, failedDevices: failedDevices.slice(0, d.findOptions.cap), adopted: adoptedAll };
}

function stopped(inputs: JobInputs, wave: CompiledWave, record: WaveRecord, why: string, s: { waves: WaveRecord[]; total: DeviceJobStatistics; failedDevices: FailedDevice[]; adoptedAll: boolean }): RolloutResult {
  const later = inputs.rollout!.waves.length - s.waves.length;
  const message = `rollout ${inputs.name} stopped at wave ${wave.name} (${record.jobId}): ${why}; ${later} later ${later === 1 ? "wave was" : "waves were"} not started`;
  return { waves: s.waves, outcome: { ok: false, problem: "gateFailed", message }, statistics: s.total, failedDevices: s.failedDevices.slice(0, 10), adopted: s.adoptedAll };
}

/** `maxDevices` of the target's remaining devices, the ones whose ids hash lowest: stable across runs. */
async function pickDevices(client: IotHubClient, target: string, excluded: readonly string[], count: number): Promise<string> {
  const condition = waveCondition(target, undefined, excluded);
  const where = condition === "*" ? "" : ` WHERE ${condition}`;
  const rows = await client.queryDevices<{ deviceId: string }>(`SELECT deviceId FROM devices${where}`, { limit: PICK_CANDIDATE_CAP });
  const picked = rows
    .map((r) => r.deviceId)
    .sort((a, b) => order(a).localeCompare(order(b)) || a.localeCompare(b))
    .slice(0, count);
  // An empty pick matches no device: the wave's job then has nothing to do.
  return picked.length > 0 ? deviceIdsCondition(picked) : "deviceId = ''";
}

const order = (deviceId: string): string => hash("sha256", deviceId, "hex");

/** The devices a wave's job ran on, as a condition: what a later wave excludes. */
async function ranOn(client: IotHubClient, jobId: string): Promise<string> {
  const rows = await client.queryDeviceJobs(jobId);
  const ids = [...new Set(rows.map((r: DeviceJobRow) => r.deviceId))];
  return ids.length > 0 ? deviceIdsCondition(ids) : "deviceId = ''";
}

/** Whether at least minPercent of the wave's devices match the verify query, within its time. */
async function verifyWave(client: IotHubClient, job: JobResponse, verify: NonNullable<NonNullable<JobInputs["rollout"]>["gate"]["verify"]>, label: string, d: RolloutDeps): Promise<{ ok: boolean; message: string }> {
  const devices = job.deviceJobStatistics?.deviceCount ?? 0;
  if (devices === 0) return { ok: true, message: "verify: no devices in this wave" };
  const deadline = d.now() + verify.withinSeconds * 1000;
  const condition = `(${job.queryCondition}) AND (${verify.query})`;
  for (;;) {
    const matching = await client.countDevices(job.queryCondition === "*" ? verify.query : condition);
    const percent = (matching / devices) * 100;
    const counts = `${matching} of ${devices} devices (${Math.round(percent * 10) / 10}%) match ${verify.query}`;
    if (percent >= verify.minPercent) return { ok: true, message: `verify: ${counts}` };
    if (d.now() >= deadline) return { ok: false, message: `verify failed: after ${verify.withinSeconds}s only ${counts}; at least ${verify.minPercent}% must` };
    d.log(`${label}: verify: ${counts}, waiting for ${verify.minPercent}%`);
    await d.sleep(Math.min(d.verifyIntervalMs ?? 2000, Math.max(0, deadline - d.now())));
  }
}

const emptyStatistics: DeviceJobStatistics = { deviceCount: 0, failedCount: 0, succeededCount: 0, runningCount: 0, pendingCount: 0 };

function addStatistics(total: DeviceJobStatistics, s: DeviceJobStatistics | undefined): void {
  if (!s) return;
  total.deviceCount += s.deviceCount;
  total.failedCount += s.failedCount;
  total.succeededCount += s.succeededCount;
  total.runningCount += s.runningCount;
  total.pendingCount += s.pendingCount;
}
