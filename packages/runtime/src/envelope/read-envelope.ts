import { EnvelopeError } from './envelope-error';
import { ENVELOPE_VERSION, PacketEnvelope, PacketEnvelopeSchema } from './envelope-schema';
import { LEGACY_VERSIONS, UpgradeOptions, upgradeLegacyEnvelope } from './upgrade-legacy-envelope';

/**
 * Reads an envelope of any supported version from parsed JSON: v2 is validated as is; v1.0 / v1.1 (or a
 * packet with no version, as the v1.1 memory substrate wrote them) is upgraded to v2. Throws `EnvelopeError`
 * naming the first missing or invalid field.
 */
export function readEnvelope(raw: unknown, options: UpgradeOptions = {}): PacketEnvelope {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new EnvelopeError('(envelope)', 'must be a JSON object');
  const record = raw as Record<string, unknown>;
  const version = record['version'];
  if (version === ENVELOPE_VERSION) {
    const parsed = PacketEnvelopeSchema.safeParse(record);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    const field = path.join('.') || '(envelope)';
    throw new EnvelopeError(
      field,
      issue.code === 'unrecognized_keys' ? 'is not a field of a v2 envelope' : issue.message,
    );
  }
  if (version === undefined || (typeof version === 'string' && LEGACY_VERSIONS.has(version))) {
    return upgradeLegacyEnvelope(record, options);
  }
  throw new EnvelopeError(
    'version',
    `unsupported envelope version ${JSON.stringify(version)} (expected "${ENVELOPE_VERSION}" or one of ${[...LEGACY_VERSIONS].join(', ')})`,
  );
}
