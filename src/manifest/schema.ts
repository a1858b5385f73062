import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type Options, type ValidateFunction } from "ajv/dist/2020.js";
import formats from "ajv-formats";

/** schemas/job.schema.json: the one source of truth for manifests, also read by editors. */
export const SCHEMA_URL = new URL("../../schemas/job.schema.json", import.meta.url);

// Two validators of the same schema. The quick one stops at the first error and records no
// data: almost every document is valid, and that answer is all it needs. Only a document it
// rejects is validated again by the thorough one: allErrors reports every problem of the
// document in one run, verbose gives errors the offending data and parent schema, which the
// human messages quote. Each is compiled on first use and reused for every document after.
let quick: ValidateFunction | undefined;
let thorough: ValidateFunction | undefined;

function compile(options: Options): ValidateFunction {
  const schema = JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as object;
  const ajv = new Ajv2020({ ...options, strict: true, strictTypes: false, strictRequired: false });
  formats.default(ajv, ["date-time"]);
  return ajv.compile(schema);
}

/** The thorough validator (all errors, with data), as used for documents that are invalid. */
export function manifestValidator(): ValidateFunction {
  thorough ??= compile({ allErrors: true, verbose: true });
  return thorough;
}

/** Whether one document is valid, by the quick validator alone. */
export function passesSchema(data: unknown): boolean {
  quick ??= compile({ allErrors: false, verbose: false });
  return quick(data);
}

/** Every schema error of one document; [] when it is valid. */
export function validateAgainstSchema(data: unknown): ErrorObject[] {
  if (passesSchema(data)) return [];
  const validate = manifestValidator();
  return validate(data) ? [] : (validate.errors ?? []);
}
