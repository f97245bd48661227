import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalize } from './canonical-json';
import { PacketEnvelope } from './envelope-schema';

/**
 * HMAC-SHA256 (hex) over the canonical JSON of the envelope without its `signature`. The payload is usually the
 * bulk of the envelope and its canonical form is already known when verifying, so it is spliced in rather than
 * serialized twice; the result is byte-identical to `canonicalize` of the unsigned envelope.
 */
export function computeSignature(envelope: PacketEnvelope, secret: string, payloadCanonical = canonicalize(envelope.payload)): string {
  const { signature: _ignored, payload: _payload, ...rest } = envelope;
  const withoutPayload = canonicalize(rest);
  // Keys sort as …packet_type < payload < source_agent…: insert `"payload":…` before the first key after it.
  const members = withoutPayload.slice(1, -1);
  const at = members.indexOf(',"source_agent":');
  const spliced = `{${members.slice(0, at)},"payload":${payloadCanonical}${members.slice(at)}}`;
  return createHmac('sha256', secret).update(spliced, 'utf8').digest('hex');
}

export function signEnvelope(envelope: PacketEnvelope, secret: string): PacketEnvelope {
  if (!secret) throw new Error('signEnvelope: the packet secret is empty');
  return { ...envelope, signature: computeSignature(envelope, secret) };
}

export type VerifyResult =
  | { status: 'ok' }
  | { status: 'unsigned' }
  | { status: 'bad_signature' }
  | { status: 'content_mismatch'; expected: string; actual: string };

/**
 * Checks integrity first (content_hash against the payload), then authenticity (signature).
 * The hash is checked even without a secret: a payload that does not match its hash is corrupt either way.
 * With no secret configured, a signature is not checked and `ok` only means the content is intact.
 */
export function verifyEnvelope(envelope: PacketEnvelope, secret: string | undefined): VerifyResult {
  const payloadCanonical = canonicalize(envelope.payload);
  const actual = createHash('sha256').update(payloadCanonical, 'utf8').digest('hex');
  if (actual !== envelope.content_hash) return { status: 'content_mismatch', expected: envelope.content_hash, actual };
  if (!secret) return { status: 'ok' };
  if (!envelope.signature) return { status: 'unsigned' };
  const expected = Buffer.from(computeSignature(envelope, secret, payloadCanonical), 'hex');
  const given = Buffer.from(envelope.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 'bad_signature' };
  return { status: 'ok' };
}
