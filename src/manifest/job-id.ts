import { hash } from "node:crypto";
import { canonicalJson } from "../util/canonical-json.ts";

const HASH_LENGTH = 8;

/**
 * The IoT Hub job id: the manifest name plus a short hash of the canonical request
 * (without its jobId). Same manifest, same id; any change to what the job does, a new id,
 * so a re-submitted job is recognised (409 JobAlreadyExists) and never run twice.
 */
export function jobIdFor(name: string, requestWithoutId: object): string {
  // crypto.hash: the one-shot form, without a Hash object per manifest.
  const digest = hash("sha256", canonicalJson(requestWithoutId), "hex");
  return `${name}-${digest.slice(0, HASH_LENGTH)}`;
}
