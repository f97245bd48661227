import { sha256Hex } from '../crypto/digests';

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

// Keys made of these characters need no escaping, so they are quoted without a JSON.stringify call.
const PLAIN_KEY = /^[\w$.:@/-]*$/;

function serialize(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // NaN and Infinity have no JSON form; silently turning them into null would change what gets signed.
      // For a finite number, String() gives exactly JSON's text (shortest round-trip form, -0 as 0).
      if (!Number.isFinite(value)) throw NOT_JSON;
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw NOT_JSON;
  }
  if (value === null) return 'null';
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
  const keys = sortedKeys(record);
  let out = '{';
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index]!;
    const member = record[key];
    if (member === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${PLAIN_KEY.test(key) ? `"${key}"` : JSON.stringify(key)}:${serialize(member)}`;
  }
  return `${out}}`;
}

/**
 * Own keys in UTF-16 code unit order (what `Array.prototype.sort` does without a comparator). Envelope objects
 * have a handful of keys and are often built in sorted order already, so an insertion sort, which costs one pass
 * over a sorted list, beats the general sort here.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  for (let index = 1; index < keys.length; index += 1) {
    const key = keys[index]!;
    let at = index - 1;
    if (keys[at]! <= key) continue;
    while (at >= 0 && keys[at]! > key) {
      keys[at + 1] = keys[at]!;
      at -= 1;
    }
    keys[at + 1] = key;
  }
  return keys;
}

/** Throws the descriptive error for the first value under `value` that has no JSON form. */
function locateProblem(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new TypeError(`canonical JSON: ${path} is ${value}, which JSON cannot represent`);
    return;
  }
  if (typeof value !== 'object')
    throw new TypeError(`canonical JSON: ${path} is a ${typeof value}, which JSON cannot represent`);
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
  return sha256Hex(canonicalize(value));
}
