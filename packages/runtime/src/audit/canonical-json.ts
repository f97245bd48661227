/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order, no insignificant whitespace.
 *
 * The audit hash chain signs this form, so two writers (or a writer and a verifier reading the entry back
 * from PostgreSQL jsonb, which reorders keys) always agree on the bytes that were signed.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, '$');
}

function serialize(value: unknown, where: string): string {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    // NaN and Infinity have no JSON form; JSON.stringify would turn them into null and change the signed bytes.
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON: non-finite number at ${where}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, index) => (item === undefined ? 'null' : serialize(item, `${where}[${index}]`))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const withToJson = value as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === 'function') return serialize(withToJson.toJSON(), where);
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined || typeof item === 'function') continue;
      parts.push(`${JSON.stringify(key)}:${serialize(item, `${where}.${key}`)}`);
    }
    return `{${parts.join(',')}}`;
  }
  throw new TypeError(`canonical JSON: cannot encode a ${typeof value} at ${where}`);
}
