// How a simulated device answers direct methods and reacts to its twin. Stored with the device;
// set from fleet files.

export interface MethodBehaviour {
  /** Status the device answers with (default 200). */
  status?: number;
  /** Payload the device answers with (default null). */
  payload?: unknown;
  /** Time the device takes to answer, on the hub clock (default 0). */
  latencyMs?: number;
  /** Share of calls (0..1) that fail instead, spread evenly over calls (default 0). */
  failureRate?: number;
  /** Status of a failed call (default 500). */
  failureStatus?: number;
  /** Payload of a failed call. */
  failurePayload?: unknown;
  /**
   * Reported properties the device writes when it answers with success: a template whose string
   * values `$payload` / `$payload.<path>` and `$now` are filled in (src/emulator/fleet/reported-template.ts).
   */
  reported?: Record<string, unknown>;
}

/** Reported properties that copy desired ones, `afterMs` after a desired change (desired-follower.ts). */
export interface FollowDesired {
  afterMs: number;
  /** Top-level desired keys the device applies; absent = all. */
  keys?: string[];
}

export interface DeviceBehaviour {
  /** Per method name; `*` answers any method not listed. */
  methods: Record<string, MethodBehaviour>;
  followDesired?: FollowDesired;
}

/** The device SDKs answer 501 when no handler is registered for a method. */
export const METHOD_NOT_IMPLEMENTED = { status: 501, payload: { message: "Method not implemented" } };
