import { hmacSha256Hex, sha256Hex } from '../crypto/digests';
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
export function sealChildEnvelope(
  parent: PacketEnvelope,
  input: SealChildInput,
  secret: string | undefined,
): SealedEnvelope {
  const { payload, packet_type, source_agent, destination_agent } = input;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new EnvelopeError('payload', 'must be a JSON object');
  checkOptionalName('packet_type', packet_type);
  checkOptionalName('source_agent', source_agent);
  checkOptionalName('destination_agent', destination_agent);
  const payloadCanonical = canonicalize(payload);
  // Fields are passed one by one rather than spread: this runs for every answered packet.
  const unsigned = buildChildEnvelope(
    parent,
    { payload, packet_type, source_agent, destination_agent, timestamp: new Date(input.at).toISOString() },
    sha256Hex(payloadCanonical),
  );
  const form = canonicalFormOf(unsigned, payloadCanonical);
  if (!secret) return { envelope: unsigned, json: form.unsigned };
  const signature = hmacSha256Hex(secret, form.unsigned);
  unsigned.signature = signature;
  return { envelope: unsigned, json: signedCanonicalJson(form, signature) };
}

function checkOptionalName(field: string, value: string | undefined): void {
  if (value !== undefined && (typeof value !== 'string' || value === ''))
    throw new EnvelopeError(field, 'must be a non-empty string');
}
