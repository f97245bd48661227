import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order, no whitespace, `undefined` members omitted.
 * Hashes and signatures are computed over this form so two agents that build the same envelope with keys in a
 * different order (or re-serialize it) still agree byte for byte.
 */
export function canonicalize(value: unknown): string {
  return serialize(value, '$');
}

function serialize(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // NaN and Infinity have no JSON form; silently turning them into null would change what gets signed.
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON: ${path} is ${value}, which JSON cannot represent`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonical JSON: ${path} is a ${typeof value}, which JSON cannot represent`);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, index) => (item === undefined ? 'null' : serialize(item, `${path}[${index}]`))).join(',')}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${serialize(record[key], `${path}.${key}`)}`);
  return `{${members.join(',')}}`;
}

/** Lower-case hex SHA-256 of the canonical JSON of `value`. */
export function canonicalSha256(value: unknown): string {
  return createHash('sha256').update(canonicalize(value), 'utf8').digest('hex');
}
