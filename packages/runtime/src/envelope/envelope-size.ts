import { PacketEnvelope } from './envelope-schema';

export const DEFAULT_MAX_ENVELOPE_BYTES = 256 * 1024;

/** UTF-8 bytes of the envelope as JSON, which is what travels on the wire. */
export function envelopeByteSize(envelope: PacketEnvelope): number {
  return Buffer.byteLength(JSON.stringify(envelope), 'utf8');
}

export type EnvelopeSizeResult = { ok: true; bytes: number } | { ok: false; bytes: number; limit: number };

export function checkEnvelopeSize(envelope: PacketEnvelope, limit = DEFAULT_MAX_ENVELOPE_BYTES): EnvelopeSizeResult {
  const bytes = envelopeByteSize(envelope);
  return bytes <= limit ? { ok: true, bytes } : { ok: false, bytes, limit };
}
