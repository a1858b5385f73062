import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import formats from "ajv-formats";

/** schemas/job.schema.json: the one source of truth for manifests, also read by editors. */
export const SCHEMA_URL = new URL("../../schemas/job.schema.json", import.meta.url);

let compiled: ValidateFunction | undefined;

/** The manifest validator, compiled on first use and reused for every document after. */
export function manifestValidator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as object;
  // allErrors: report every problem of a document in one run. verbose: errors carry the
  // offending data and parent schema, which the human messages quote.
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
  formats.default(ajv, ["date-time"]);
  compiled = ajv.compile(schema);
  return compiled;
}

export function validateAgainstSchema(data: unknown): ErrorObject[] {
  const validate = manifestValidator();
  return validate(data) ? [] : (validate.errors ?? []);
}
