import { EnvelopeCanonicalForm } from './canonical-envelope';
import { PacketEnvelope } from './envelope-schema';

export const DEFAULT_MAX_ENVELOPE_BYTES = 256 * 1024;

/** UTF-8 bytes of the envelope as JSON, which is what travels on the wire. */
export function envelopeByteSize(envelope: PacketEnvelope): number {
  return Buffer.byteLength(JSON.stringify(envelope), 'utf8');
}

/**
 * The same figure as `envelopeByteSize`, from the envelope's canonical form instead of a fresh serialization:
 * canonical JSON differs from `JSON.stringify` only in member order, never in length.
 */
export function canonicalEnvelopeByteSize(
  form: EnvelopeCanonicalForm,
  signature: string | undefined,
): number {
  const unsigned = Buffer.byteLength(form.unsigned, 'utf8');
  if (signature === undefined) return unsigned;
  const member = Buffer.byteLength(`"signature":${JSON.stringify(signature)}`, 'utf8');
  return unsigned + member + (form.unsigned === '{}' ? 0 : 1);
}

export type EnvelopeSizeResult = { ok: true; bytes: number } | { ok: false; bytes: number; limit: number };

export function checkEnvelopeSize(
  envelope: PacketEnvelope,
  limit = DEFAULT_MAX_ENVELOPE_BYTES,
): EnvelopeSizeResult {
  return sizeResult(envelopeByteSize(envelope), limit);
}

export function sizeResult(bytes: number, limit = DEFAULT_MAX_ENVELOPE_BYTES): EnvelopeSizeResult {
  return bytes <= limit ? { ok: true, bytes } : { ok: false, bytes, limit };
}
