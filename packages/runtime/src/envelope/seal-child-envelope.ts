import { createHash, createHmac } from 'node:crypto';
import { canonicalFormOf, signedCanonicalJson } from './canonical-envelope';
import { canonicalize } from './canonical-json';
import { buildChildEnvelope, DeriveChildInput } from './derive-child-envelope';
import { EnvelopeError } from './envelope-error';
import { PacketEnvelope } from './envelope-schema';

/** What the sealing agent chooses; everything else comes from the parent. */
export interface SealChildInput {
  payload: DeriveChildInput['payload'];
  packet_type?: string;
  source_agent?: string;
  destination_agent?: string;
  /** Milliseconds since the epoch; the child's timestamp. */
  at: number;
}

export interface SealedEnvelope {
  envelope: PacketEnvelope;
  /** The envelope as JSON text (canonical, signed when a secret is given): ready to send as a response body. */
  json: string;
}

/**
 * A child envelope of an already validated `parent`, hashed, signed with `secret` (if any) and serialized, with
 * the payload serialized exactly once. What `deriveChildEnvelope` validates with the schema is either copied
 * from the parent, generated here (id, trace span, timestamp from `at`) or checked below, so the schema is not run again
 * (a unit test holds the result against it). The payload is checked by its serialization: a value with no
 * JSON form throws, and what is hashed and signed is the text that is sent.
 */
export function sealChildEnvelope(parent: PacketEnvelope, input: SealChildInput, secret: string | undefined): SealedEnvelope {
  const { payload } = input;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new EnvelopeError('payload', 'must be a JSON object');
  for (const [field, value] of [['packet_type', input.packet_type], ['source_agent', input.source_agent], ['destination_agent', input.destination_agent]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) throw new EnvelopeError(field, 'must be a non-empty string');
  }
  const payloadCanonical = canonicalize(payload);
  const contentHash = createHash('sha256').update(payloadCanonical, 'utf8').digest('hex');
  const { at, ...fields } = input;
  const unsigned = buildChildEnvelope(parent, { ...fields, timestamp: new Date(at).toISOString() }, contentHash);
  const form = canonicalFormOf(unsigned, payloadCanonical);
  if (!secret) return { envelope: unsigned, json: form.unsigned };
  const signature = createHmac('sha256', secret).update(form.unsigned, 'utf8').digest('hex');
  return { envelope: { ...unsigned, signature }, json: signedCanonicalJson(form, signature) };
}
