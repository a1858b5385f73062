// A fleet file: YAML (or JSON) checked against schemas/fleet.schema.json, with errors that name
// the line and the JSON pointer, and generated device groups expanded into plain devices.
// How devices react (method answers, reported properties that follow desired ones) is in
// behaviour.ts; fleet-behaviour.ts turns a fleet device into that stored behaviour.
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject } from "ajv";
import { LineCounter, parseDocument } from "yaml";
import fleetSchema from "../../../schemas/fleet.schema.json" with { type: "json" };
import type { MethodBehaviour } from "./behaviour.ts";
import { seededRandom } from "../../util/seeded-random.ts";
import { pointerSegment, templateProblems } from "./reported-template.ts";

/** `followDesired` as written in the fleet file. */
export interface FleetFollowDesired {
  /** A duration: 500ms, 5s, 2m. */
  after: string;
  keys?: string[];
}

export interface FleetDevice {
  deviceId: string;
  connected?: boolean;
  status?: "enabled" | "disabled";
  tags?: Record<string, unknown>;
  reported?: Record<string, unknown>;
  methods?: Record<string, MethodBehaviour>;
  followDesired?: FleetFollowDesired;
  /** Answers methods as configured, never changes its reported properties. */
  ignoresUpdates?: boolean;
}

export interface TagDistribution {
  values: unknown[];
  weights?: number[];
}

export interface GeneratedGroup {
  count: number;
  idPrefix: string;
  seed?: number;
  tags?: Record<string, TagDistribution | string | number | boolean>;
  reported?: Record<string, unknown>;
  methods?: Record<string, MethodBehaviour>;
  offlineShare?: number;
  failingShare?: number;
  ignoresUpdatesShare?: number;
  followDesired?: FleetFollowDesired;
  failure?: { status?: number; payload?: unknown };
}

export interface FleetDocument {
  apiVersion: "hubjobs/v1";
  kind: "Fleet";
  devices?: FleetDevice[];
  generate?: GeneratedGroup[];
}

export class FleetError extends Error {
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(`${source}: invalid fleet\n  ${problems.join("\n  ")}`);
    this.name = "FleetError";
    this.problems = problems;
  }
}

const validate = new Ajv({ allErrors: true, strict: false }).compile<FleetDocument>(fleetSchema);

/** Parses and checks fleet text (YAML or JSON). Throws FleetError listing every problem. */
export function parseFleet(text: string, source = "fleet"): FleetDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new FleetError(source, doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return `${source}:${pos.line}:${pos.col}: ${e.message.split("\n")[0]}`;
    }));
  }
  return checkFleet(doc.toJS(), source, (pointer) => {
    const path = pointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    if (!node?.range) return undefined;
    const pos = lineCounter.linePos(node.range[0]);
    return `${pos.line}:${pos.col}`;
  });
}

/** Checks an already parsed fleet object. */
export function checkFleet(value: unknown, source = "fleet", locate?: (pointer: string) => string | undefined): FleetDocument {
  if (!validate(value)) {
    throw new FleetError(source, (validate.errors ?? []).map((e) => describeProblem(source, locate, e.instancePath, schemaMessage(e))));
  }
  const reactions = reactionProblems(value);
  if (reactions.length > 0) throw new FleetError(source, reactions.map((p) => describeProblem(source, locate, p.pointer, p.message)));
  const ids = new Set<string>();
  const dupes: string[] = [];
  for (const d of expandFleet(value)) {
    if (ids.has(d.deviceId)) dupes.push(`device id '${d.deviceId}' is defined more than once`);
    ids.add(d.deviceId);
  }
  if (dupes.length > 0) throw new FleetError(source, dupes.slice(0, 20));
  return value;
}

function describeProblem(source: string, locate: ((pointer: string) => string | undefined) | undefined, pointer: string, message: string): string {
  const where = locate?.(pointer);
  return `${where ? `${source}:${where}: ` : ""}${pointer || "/"} ${message}`;
}

/** Ajv's words, made to name what is wrong where they do not: the unknown field, the duration. */
function schemaMessage(e: ErrorObject): string {
  if (e.keyword === "additionalProperties") return `has an unknown field '${String(e.params.additionalProperty)}'`;
  if (e.schemaPath.includes("/duration/")) return "is not a duration: write a number and a unit, such as 5s, 2m or 500ms";
  if (e.schemaPath.includes("/twinKey/")) return "is not a twin property name (no '.', '$' or space)";
  return e.message ?? "is invalid";
}

/** What the schema cannot say: method templates' expressions, and shares of a group that overlap. */
function reactionProblems(fleet: FleetDocument): { pointer: string; message: string }[] {
  const out: { pointer: string; message: string }[] = [];
  const methods = (at: string, list: Record<string, MethodBehaviour> | undefined): void => {
    for (const [name, m] of Object.entries(list ?? {})) {
      if (m.reported) out.push(...templateProblems(m.reported, `${at}/methods/${pointerSegment(name)}/reported`));
    }
  };
  fleet.devices?.forEach((d, i) => methods(`/devices/${i}`, d.methods));
  fleet.generate?.forEach((g, i) => {
    methods(`/generate/${i}`, g.methods);
    const shares = (g.offlineShare ?? 0) + (g.failingShare ?? 0) + (g.ignoresUpdatesShare ?? 0);
    if (shares > 1) out.push({ pointer: `/generate/${i}`, message: `offlineShare, failingShare and ignoresUpdatesShare add up to ${shares}: they pick disjoint devices, so at most 1` });
  });
  return out;
}

export function loadFleetFile(path: string): FleetDocument {
  return parseFleet(readFileSync(path, "utf8"), path);
}

/** All devices of a fleet, generated groups expanded deterministically from their seed. */
export function* expandFleet(fleet: FleetDocument): Generator<FleetDevice> {
  yield* fleet.devices ?? [];
  for (const group of fleet.generate ?? []) yield* expandGroup(group);
}

function* expandGroup(g: GeneratedGroup): Generator<FleetDevice> {
  const random = seededRandom(g.seed ?? 1);
  const digits = String(g.count).length;
  // Exact shares: shuffle the indexes once, then the first k are offline, the next m failing, the
  // next ones ignore updates.
  const order = shuffle([...Array(g.count).keys()], random);
  const offline = new Set(order.slice(0, Math.round(g.count * (g.offlineShare ?? 0))));
  const failingCount = Math.round(g.count * (g.failingShare ?? 0));
  const failing = new Set(order.slice(offline.size, offline.size + failingCount));
  const ignoringStart = offline.size + failing.size;
  const ignoring = new Set(order.slice(ignoringStart, ignoringStart + Math.round(g.count * (g.ignoresUpdatesShare ?? 0))));
  const failure: Record<string, MethodBehaviour> = {
    "*": { status: g.failure?.status ?? 500, payload: g.failure?.payload ?? { error: "simulated failure" } },
  };
  for (let i = 0; i < g.count; i++) {
    const tags: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(g.tags ?? {})) {
      tags[key] = typeof spec === "object" && spec !== null ? draw(spec, random) : spec;
    }
    const device: FleetDevice = { deviceId: `${g.idPrefix}${String(i + 1).padStart(digits, "0")}`, connected: !offline.has(i), tags };
    if (g.reported) device.reported = g.reported;
    const methods = failing.has(i) ? failure : g.methods;
    if (methods) device.methods = methods;
    if (g.followDesired) device.followDesired = g.followDesired;
    if (ignoring.has(i)) device.ignoresUpdates = true;
    yield device;
  }
}

function draw(d: TagDistribution, random: () => number): unknown {
  const weights = d.values.map((_, i) => d.weights?.[i] ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < d.values.length; i++) {
    r -= weights[i]!;
    if (r < 0) return d.values[i];
  }
  return d.values[d.values.length - 1];
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
