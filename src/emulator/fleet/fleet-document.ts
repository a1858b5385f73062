// A fleet file: YAML (or JSON) checked against schemas/fleet.schema.json, with errors that name
// the line and the JSON pointer, and generated device groups expanded into plain devices.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { LineCounter, parseDocument } from "yaml";
import fleetSchema from "../../../schemas/fleet.schema.json" with { type: "json" };
import type { MethodBehaviour } from "./behaviour.ts";
import { seededRandom } from "../../util/seeded-random.ts";

export interface FleetDevice {
  deviceId: string;
  connected?: boolean;
  status?: "enabled" | "disabled";
  tags?: Record<string, unknown>;
  reported?: Record<string, unknown>;
  methods?: Record<string, MethodBehaviour>;
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
    throw new FleetError(source, (validate.errors ?? []).map((e) => {
      const where = locate?.(e.instancePath);
      return `${where ? `${source}:${where}: ` : ""}${e.instancePath || "/"} ${e.message ?? "is invalid"}`;
    }));
  }
  const ids = new Set<string>();
  const dupes: string[] = [];
  for (const d of expandFleet(value)) {
    if (ids.has(d.deviceId)) dupes.push(`device id '${d.deviceId}' is defined more than once`);
    ids.add(d.deviceId);
  }
  if (dupes.length > 0) throw new FleetError(source, dupes.slice(0, 20));
  return value;
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
  // Exact shares: shuffle the indexes once, then the first k are offline, the next m failing.
  const order = shuffle([...Array(g.count).keys()], random);
  const offline = new Set(order.slice(0, Math.round(g.count * (g.offlineShare ?? 0))));
  const failingCount = Math.round(g.count * (g.failingShare ?? 0));
  const failing = new Set(order.slice(offline.size, offline.size + failingCount));
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
