import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { formatNames, fullFormats } from 'ajv-formats/dist/formats';
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
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    logger: false,
    coerceTypes: options.coerceTypes ? 'array' : false,
  });
  // ajv-formats' formats, registered one by one: its plugin function would also load ajv-formats' own copy of ajv
  // (some 8 MiB of RSS) for the formatMinimum-style keywords, whose code that copy generates does not run under
  // this ajv (it throws at the first call), so a schema naming one is refused here instead.
  const limit = formatLimitKeyword(schema);
  if (limit)
    throw new Error(
      `${limit} is not supported; bound the value with a pattern or check it in the domain module`,
    );
  for (const name of formatNames) ajv.addFormat(name, fullFormats[name]);
  return ajv.compile(schema);
}

const FORMAT_LIMIT_KEYWORDS = new Set([
  'formatMinimum',
  'formatMaximum',
  'formatExclusiveMinimum',
  'formatExclusiveMaximum',
]);
/** Keywords whose members are named by the user (property names, definitions), not keywords themselves. */
const NAMED_MEMBERS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
]);

/** The first formatMinimum-style keyword used anywhere in a schema (a property merely named so does not count). */
function formatLimitKeyword(schema: unknown): string | undefined {
  if (Array.isArray(schema)) return schema.map(formatLimitKeyword).find((found) => found !== undefined);
  if (schema === null || typeof schema !== 'object') return undefined;
  for (const [key, value] of Object.entries(schema)) {
    if (FORMAT_LIMIT_KEYWORDS.has(key)) return key;
    const members =
      NAMED_MEMBERS.has(key) && value !== null && typeof value === 'object' ? Object.values(value) : [value];
    const found = members.map(formatLimitKeyword).find((each) => each !== undefined);
    if (found) return found;
  }
  return undefined;
}
