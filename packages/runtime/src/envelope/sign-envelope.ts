import { timingSafeEqual } from 'node:crypto';
import { hmacSha256, hmacSha256Hex, sha256Hex } from '../crypto/digests';
import { canonicalFormOf, EnvelopeCanonicalForm } from './canonical-envelope';
import { PacketEnvelope } from './envelope-schema';

/**
 * HMAC-SHA256 (hex) over the canonical JSON of the envelope without its `signature`. Pass the canonical form
 * when it is already known (the packet path computes it once per envelope).
 */
export function computeSignature(
  envelope: PacketEnvelope,
  secret: string,
  form: EnvelopeCanonicalForm = canonicalFormOf(envelope),
): string {
  return hmacSha256Hex(secret, form.unsigned);
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
export function verifyEnvelope(
  envelope: PacketEnvelope,
  secret: string | undefined,
  form: EnvelopeCanonicalForm = canonicalFormOf(envelope),
): VerifyResult {
  const actual = sha256Hex(form.payload);
  if (actual !== envelope.content_hash)
    return { status: 'content_mismatch', expected: envelope.content_hash, actual };
  if (!secret) return { status: 'ok' };
  if (!envelope.signature) return { status: 'unsigned' };
  const expected = hmacSha256(secret, form.unsigned);
  const given = Buffer.from(envelope.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { status: 'bad_signature' };
  return { status: 'ok' };
}
