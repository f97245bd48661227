import { canonicalize } from './canonical-json';
import { PacketEnvelope } from './envelope-schema';

/**
 * The canonical JSON of one envelope, computed once and shared by everything the packet path derives from it:
 * the content hash (over `payload`), the wire size, the signature (over `unsigned`) and, for envelopes this
 * agent builds, the response body itself (`signedCanonicalJson`), so no step serializes the payload again.
 */
export interface EnvelopeCanonicalForm {
  /** Canonical JSON of `payload`. */
  payload: string;
  /** Members that sort before `signature` (content_hash … payload), joined, without braces. */
  head: string;
  /** Members that sort after `signature` (source_agent, timestamp, version), joined, without braces. */
  tail: string;
  /** Canonical JSON of the envelope without its signature: what the signature is computed over. */
  unsigned: string;
}

// Members of a v2 envelope in canonical (UTF-16 code unit) order, split around `signature`.
const BEFORE_SIGNATURE = [
  'content_hash',
  'destination_agent',
  'lineage',
  'metadata',
  'packet_id',
  'packet_type',
  'payload',
] as const;
const AFTER_SIGNATURE = ['source_agent', 'timestamp', 'version'] as const;
const MEMBER_COUNT = BEFORE_SIGNATURE.length + 1 + AFTER_SIGNATURE.length;

/**
 * Byte-identical to `canonicalize` of the envelope without `signature`. The top-level members of a v2 envelope
 * are known, so they are written in their sorted order without sorting; an object carrying any other member
 * (which the schema rejects, but a caller may still pass) takes the generic path so that member stays covered.
 */
export function canonicalFormOf(
  envelope: PacketEnvelope,
  payloadCanonical = canonicalize(envelope.payload),
): EnvelopeCanonicalForm {
  const record = envelope as unknown as Record<string, unknown>;
  if (Object.keys(record).length > MEMBER_COUNT || hasUnknownMember(record))
    return genericForm(record, payloadCanonical);
  const head = members(record, BEFORE_SIGNATURE, payloadCanonical);
  const tail = members(record, AFTER_SIGNATURE, payloadCanonical);
  return { payload: payloadCanonical, head, tail, unsigned: `{${join(head, tail)}}` };
}

/** Canonical JSON of the envelope with `signature` in its place: a valid JSON text of the signed envelope. */
export function signedCanonicalJson(form: EnvelopeCanonicalForm, signature: string | undefined): string {
  if (signature === undefined) return form.unsigned;
  return `{${join(join(form.head, `"signature":${JSON.stringify(signature)}`), form.tail)}}`;
}

function join(left: string, right: string): string {
  if (left === '') return right;
  return right === '' ? left : `${left},${right}`;
}

function members(record: Record<string, unknown>, keys: readonly string[], payloadCanonical: string): string {
  let out = '';
  for (const key of keys) {
    const value = record[key];
    if (value === undefined) continue;
    const text = key === 'payload' ? payloadCanonical : canonicalize(value);
    out += out === '' ? `"${key}":${text}` : `,"${key}":${text}`;
  }
  return out;
}

const KNOWN = new Set<string>([...BEFORE_SIGNATURE, 'signature', ...AFTER_SIGNATURE]);

function hasUnknownMember(record: Record<string, unknown>): boolean {
  for (const key in record) if (!KNOWN.has(key)) return true;
  return false;
}

/** Any member set: canonical order splits it around where `signature` sorts. */
function genericForm(record: Record<string, unknown>, payloadCanonical: string): EnvelopeCanonicalForm {
  const { signature: _signature, payload: _payload, ...rest } = record;
  const keys = Object.keys(rest).filter((key) => rest[key] !== undefined);
  if (record['payload'] !== undefined) keys.push('payload');
  keys.sort();
  const render = (key: string) =>
    `${JSON.stringify(key)}:${key === 'payload' ? payloadCanonical : canonicalize(rest[key])}`;
  const head = keys
    .filter((key) => key < 'signature')
    .map(render)
    .join(',');
  const tail = keys
    .filter((key) => key > 'signature')
    .map(render)
    .join(',');
  return { payload: payloadCanonical, head, tail, unsigned: `{${join(head, tail)}}` };
}
