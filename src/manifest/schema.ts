import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import formats from "ajv-formats";

/** schemas/job.schema.json: the one source of truth for manifests, also read by editors. */
export const SCHEMA_URL = new URL("../../schemas/job.schema.json", import.meta.url);

// Compiled on first use and reused for every document after. allErrors reports every problem of
// a document in one run; verbose gives each error the offending data and parent schema, which the
// human messages quote.
let validator: ValidateFunction | undefined;

function manifestValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as object;
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
  formats.default(ajv, ["date-time"]);
  validator = ajv.compile(schema);
  return validator;
}

/** Every schema error of one document; [] when it is valid. */
export function validateAgainstSchema(data: unknown): ErrorObject[] {
  const validate = manifestValidator();
  return validate(data) ? [] : (validate.errors ?? []);
}
