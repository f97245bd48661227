import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { EndpointJsonSchema } from '../agent/endpoint-contract';

export interface CompileOptions {
  /** Turn query-string text into the declared types (`"3"` → 3) before checking: a GET's input is all text. */
  coerceTypes: boolean;
}

/**
 * Compiles one endpoint schema (JSON Schema draft 2020-12) with its own Ajv instance, so two endpoints may use
 * the same `$id` without clashing. Every error is collected (the caller reports the first few), formats such as
 * `date-time` and `email` are checked, and an unknown keyword or format is tolerated rather than fatal: the
 * generator already checked the schema against the meta-schema. Nothing is fetched: a `$ref` that is not inside
 * the schema fails here, at start.
 */
export function compileEndpointSchema(schema: EndpointJsonSchema, options: CompileOptions): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false, coerceTypes: options.coerceTypes ? 'array' : false });
  addFormats(ajv);
  return ajv.compile(schema);
}
