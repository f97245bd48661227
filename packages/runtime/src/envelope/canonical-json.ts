import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order, no whitespace, `undefined` members omitted.
 * Hashes and signatures are computed over this form so two agents that build the same envelope with keys in a
 * different order (or re-serialize it) still agree byte for byte.
 *
 * It runs several times per packet (content hash, signature check, response hash and signature, audit entry),
 * so the common case takes a path that builds no location strings; only a value that cannot be encoded is
 * walked again to say where the problem is.
 */
export function canonicalize(value: unknown): string {
  try {
    return serialize(value);
  } catch (error) {
    if (error !== NOT_JSON) throw error;
    locateProblem(value, '$');
    throw error;
  }
}

/** Thrown by the fast path; never escapes `canonicalize`. */
const NOT_JSON = new TypeError('canonical JSON: a value has no JSON form');

function serialize(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // NaN and Infinity have no JSON form; silently turning them into null would change what gets signed.
      if (!Number.isFinite(value)) throw NOT_JSON;
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw NOT_JSON;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) out += ',';
      const item: unknown = value[index];
      out += item === undefined ? 'null' : serialize(item);
    }
    return `${out}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${serialize(member)}`;
  }
  return `${out}}`;
}

/** Throws the descriptive error for the first value under `value` that has no JSON form. */
function locateProblem(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON: ${path} is ${value}, which JSON cannot represent`);
    return;
  }
  if (typeof value !== 'object') throw new TypeError(`canonical JSON: ${path} is a ${typeof value}, which JSON cannot represent`);
  if (Array.isArray(value)) {
    value.forEach((item, index) => item !== undefined && locateProblem(item, `${path}[${index}]`));
    return;
  }
  if (value instanceof Date) return;
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (member !== undefined) locateProblem(member, `${path}.${key}`);
  }
}

/** Lower-case hex SHA-256 of the canonical JSON of `value`. */
export function canonicalSha256(value: unknown): string {
  return createHash('sha256').update(canonicalize(value), 'utf8').digest('hex');
}
