import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.ts";

const HASH_LENGTH = 8;

/**
 * The IoT Hub job id: the manifest name plus a short hash of the canonical request
 * (without its jobId). Same manifest, same id; any change to what the job does, a new id,
 * so a re-submitted job is recognised (409 JobAlreadyExists) and never run twice.
 */
export function jobIdFor(name: string, requestWithoutId: object): string {
  const hash = createHash("sha256").update(canonicalJson(requestWithoutId)).digest("hex");
  return `${name}-${hash.slice(0, HASH_LENGTH)}`;
}
