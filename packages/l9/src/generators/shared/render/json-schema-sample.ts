import { isRecord } from '../../../is-record';
import { patternSample } from './pattern-sample';

type Schema = Record<string, unknown> | boolean;

const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  time: '00:00:00Z',
  email: 'someone@example.com',
  uri: 'https://example.com/',
  'uri-reference': 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

/** Deep enough for any schema a person writes; a recursive `$ref` stops here instead of looping. */
const MAX_DEPTH = 12;

function numberSample(schema: Record<string, unknown>, integer: boolean): number {
  const min =
    typeof schema['minimum'] === 'number'
      ? schema['minimum']
      : typeof schema['exclusiveMinimum'] === 'number'
        ? schema['exclusiveMinimum'] + (integer ? 1 : 0.5)
        : undefined;
  const max =
    typeof schema['maximum'] === 'number'
      ? schema['maximum']
      : typeof schema['exclusiveMaximum'] === 'number'
        ? schema['exclusiveMaximum'] - (integer ? 1 : 0.5)
        : undefined;
  let value = min ?? (max !== undefined && max < 0 ? max : 0);
  if (integer) value = Math.ceil(value);
  return value;
}

/**
 * A small value that meets a JSON Schema: `examples[0]` or `default` when the schema gives one, else the first
 * `const`/`enum` value, the required properties of an object, `minItems` items of an array, the smallest number
 * in range, a string of `minLength` (or a sample of its `format`, or one its `pattern` accepts, see
 * pattern-sample.ts). Generated tests send it as a valid call; a `pattern` it cannot meet is the schema author's cue
 * to add `examples`. Pure and deterministic.
 */
export function sampleFor(
  schema: Schema,
  root: Record<string, unknown> = isRecord(schema) ? schema : {},
  depth = 0,
): unknown {
  if (schema === true || schema === false || depth > MAX_DEPTH) return null;
  if (Array.isArray(schema['examples']) && schema['examples'].length > 0) return schema['examples'][0];
  if ('default' in schema) return schema['default'];
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0];
  if (typeof schema['$ref'] === 'string') {
    const match = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(schema['$ref']);
    const section = match ? root[match[1]!] : undefined;
    const target = match && isRecord(section) ? section[match[2]!] : undefined;
    return target === undefined ? null : sampleFor(target as Schema, root, depth + 1);
  }
  for (const combinator of ['anyOf', 'oneOf'] as const) {
    const parts = schema[combinator];
    if (Array.isArray(parts) && parts.length > 0) return sampleFor(parts[0] as Schema, root, depth + 1);
  }
  if (Array.isArray(schema['allOf']) && schema['allOf'].length > 0) {
    const parts = schema['allOf'].map((part) => sampleFor(part as Schema, root, depth + 1));
    return parts.every(isRecord) ? Object.assign({}, ...parts) : parts[0];
  }
  const declared = schema['type'];
  const type = Array.isArray(declared)
    ? (declared.find((t) => t !== 'null') ?? 'null')
    : (declared ??
      ('properties' in schema || 'required' in schema ? 'object' : 'items' in schema ? 'array' : 'object'));
  switch (type) {
    case 'string': {
      const format = typeof schema['format'] === 'string' ? FORMAT_SAMPLES[schema['format']] : undefined;
      const patterned =
        format === undefined && typeof schema['pattern'] === 'string'
          ? patternSample(schema['pattern'])
          : undefined;
      return (
        format ??
        patterned ??
        'x'.repeat(Math.max(1, typeof schema['minLength'] === 'number' ? schema['minLength'] : 1))
      );
    }
    case 'number':
      return numberSample(schema, false);
    case 'integer':
      return numberSample(schema, true);
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array': {
      const count = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
      const prefix = Array.isArray(schema['prefixItems'])
        ? schema['prefixItems'].map((p) => sampleFor(p as Schema, root, depth + 1))
        : [];
      const items =
        schema['items'] === undefined || schema['items'] === false ? undefined : (schema['items'] as Schema);
      const rest =
        items === undefined
          ? []
          : Array.from({ length: Math.max(0, count - prefix.length) }, () =>
              sampleFor(items, root, depth + 1),
            );
      return [...prefix, ...rest];
    }
    default: {
      const properties = isRecord(schema['properties']) ? schema['properties'] : {};
      const required = Array.isArray(schema['required']) ? schema['required'].map(String) : [];
      return Object.fromEntries(
        required.map((key) => [
          key,
          key in properties ? sampleFor(properties[key] as Schema, root, depth + 1) : 'x',
        ]),
      );
    }
  }
}
