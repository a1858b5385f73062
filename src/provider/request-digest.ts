// A short fingerprint of a compiled request, independent of key order.
import { createHash } from "node:crypto";
import { canonicalJson } from "../util/canonical-json.ts";

export function requestDigest(request: unknown): string {
  return createHash("sha256").update(canonicalJson(request)).digest("hex");
}
