import * as z from 'zod';
import { computeContentHash } from './create-envelope';
import { EnvelopeError } from './envelope-error';
import {
  ENVELOPE_VERSION,
  JsonObject,
  JsonObjectSchema,
  PacketEnvelope,
  PacketEnvelopeSchema,
  PrioritySchema,
} from './envelope-schema';
import { newTraceId, traceparentFor, TRACE_ID_PATTERN } from './trace-context';

/** Versions written by the v1 packet protocol kernel (1.0.0) and the memory substrate (1.0.1, 1.1.0). */
export const LEGACY_VERSIONS: ReadonlySet<string> = new Set(['1.0', '1.0.0', '1.0.1', '1.1', '1.1.0']);

/** Every top-level field a v1.0 / v1.1 envelope may carry; anything else is rejected, as the v1 kernel did. */
const LEGACY_FIELDS = new Set([
  'packet_id',
  'packet_type',
  'version',
  'timestamp',
  'payload',
  'metadata',
  'provenance',
  'confidence',
  'reasoning_block',
  'thread_id',
  'lineage',
  'tags',
  'ttl',
  'routing',
  'source_agent',
  'destination_agent',
]);

export interface UpgradeOptions {
  /** v1 had no destination field; the receiving agent supplies itself when the packet does not name one. */
  destinationAgent?: string;
}

const uuid = z.uuid();

/**
 * Maps a v1.0 / v1.1 envelope onto v2: provenance.source_agent → source_agent, provenance.parent_packet or
 * lineage.parent_ids → lineage, thread_id → trace_id (the UUID's 32 hex digits), tags → metadata.tags,
 * ttl → metadata.expires_at, and v1-only fields (confidence, reasoning_block, derivation_type, thread_id) into
 * metadata.legacy. The content hash is computed; the result is unsigned (v1 had no signature).
 */
export function upgradeLegacyEnvelope(
  raw: Record<string, unknown>,
  options: UpgradeOptions = {},
): PacketEnvelope {
  for (const key of Object.keys(raw)) {
    if (!LEGACY_FIELDS.has(key)) throw new EnvelopeError(key, 'is not a field of a v1.0/v1.1 envelope');
  }
  const metadata = optionalObject(raw, 'metadata');
  const provenance = optionalObject(raw, 'provenance');
  const lineage = optionalObject(raw, 'lineage');
  const routing = optionalObject(raw, 'routing');

  const packetId = requireUuid(raw['packet_id'], 'packet_id');
  const packetType = requireString(raw['packet_type'], 'packet_type');
  const timestamp = requireTimestamp(raw['timestamp'], 'timestamp');
  const payload = JsonObjectSchema.safeParse(raw['payload']);
  if (!payload.success) throw new EnvelopeError('payload', 'is required and must be a JSON object');

  const source = firstString([raw['source_agent'], provenance?.['source_agent'], metadata?.['source_agent']]);
  if (!source)
    throw new EnvelopeError(
      'provenance.source_agent',
      'is required to upgrade a v1 envelope (no source agent given)',
    );
  const destination =
    firstString([raw['destination_agent'], metadata?.['destination_agent'], routing?.['destination']]) ??
    options.destinationAgent;
  if (!destination)
    throw new EnvelopeError(
      'destination_agent',
      'is required to upgrade a v1 envelope (none in the packet and no receiving agent given)',
    );

  const parentIds = legacyParents(lineage, provenance);
  const generation = lineage?.['generation'] ?? (parentIds.length > 0 ? 1 : 0);
  if (typeof generation !== 'number' || !Number.isInteger(generation) || generation < 0) {
    throw new EnvelopeError('lineage.generation', 'must be a non-negative integer');
  }
  const root =
    lineage?.['root_packet_id'] === undefined
      ? (parentIds[0] ?? packetId)
      : requireUuid(lineage['root_packet_id'], 'lineage.root_packet_id');
  const traceId = legacyTraceId(raw, metadata);
  const priority =
    metadata?.['priority'] === undefined ? 'normal' : PrioritySchema.safeParse(metadata['priority']);
  if (typeof priority !== 'string' && !priority.success)
    throw new EnvelopeError('metadata.priority', `must be one of ${PrioritySchema.options.join(', ')}`);
  const flags = metadata?.['governance_flags'] ?? [];
  if (!Array.isArray(flags) || flags.some((flag) => typeof flag !== 'string'))
    throw new EnvelopeError('metadata.governance_flags', 'must be a list of strings');
  const tags = raw['tags'];
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')))
    throw new EnvelopeError('tags', 'must be a list of strings');

  const candidate = {
    packet_id: packetId,
    packet_type: packetType,
    version: ENVELOPE_VERSION,
    timestamp,
    source_agent: source,
    destination_agent: destination,
    payload: payload.data,
    metadata: {
      trace_id: traceId,
      traceparent: traceparentFor(traceId),
      priority: typeof priority === 'string' ? priority : priority.data,
      governance_flags: flags as string[],
      ...(tags !== undefined ? { tags: tags as string[] } : {}),
      ...(raw['ttl'] !== undefined ? { expires_at: requireTimestamp(raw['ttl'], 'ttl') } : {}),
      legacy: legacyRemainder(raw, metadata, lineage),
    },
    lineage: { parent_ids: parentIds, root_packet_id: root, generation },
    content_hash: computeContentHash(payload.data),
  };
  const parsed = PacketEnvelopeSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EnvelopeError(issue.path.join('.') || '(envelope)', issue.message);
  }
  return parsed.data;
}

function optionalObject(raw: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  const value = raw[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new EnvelopeError(field, 'must be an object');
  return value as Record<string, unknown>;
}

function requireUuid(value: unknown, field: string): string {
  if (value === undefined) throw new EnvelopeError(field, 'is required');
  if (!uuid.safeParse(value).success) throw new EnvelopeError(field, 'must be a UUID');
  return value as string;
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new EnvelopeError(field, 'is required and must be a non-empty string');
  return value;
}

/** v1 stored datetimes; accept anything `Date` parses unambiguously and normalize to ISO 8601 UTC. */
function requireTimestamp(value: unknown, field: string): string {
  if (value === undefined) throw new EnvelopeError(field, 'is required');
  const millis =
    typeof value === 'string' || typeof value === 'number' ? new Date(value).getTime() : Number.NaN;
  if (Number.isNaN(millis))
    throw new EnvelopeError(field, `is not a valid date-time: ${JSON.stringify(value)}`);
  return new Date(millis).toISOString();
}

function firstString(candidates: unknown[]): string | undefined {
  return candidates.find((value): value is string => typeof value === 'string' && value.length > 0);
}

function legacyParents(
  lineage: Record<string, unknown> | undefined,
  provenance: Record<string, unknown> | undefined,
): string[] {
  const listed = lineage?.['parent_ids'];
  if (listed !== undefined) {
    if (!Array.isArray(listed)) throw new EnvelopeError('lineage.parent_ids', 'must be a list of UUIDs');
    return listed.map((id, index) => requireUuid(id, `lineage.parent_ids.${index}`));
  }
  const parent = provenance?.['parent_packet'];
  return parent === undefined || parent === null ? [] : [requireUuid(parent, 'provenance.parent_packet')];
}

function legacyTraceId(raw: Record<string, unknown>, metadata: Record<string, unknown> | undefined): string {
  const given = metadata?.['trace_id'];
  if (typeof given === 'string' && TRACE_ID_PATTERN.test(given)) return given;
  if (raw['thread_id'] !== undefined)
    return requireUuid(raw['thread_id'], 'thread_id').replace(/-/g, '').toLowerCase();
  return newTraceId();
}

/** What v2 has no field for, kept verbatim so an upgrade loses nothing. */
function legacyRemainder(
  raw: Record<string, unknown>,
  metadata: Record<string, unknown> | undefined,
  lineage: Record<string, unknown> | undefined,
): JsonObject {
  const mapped = new Set(['trace_id', 'priority', 'governance_flags', 'source_agent', 'destination_agent']);
  const extraMetadata = Object.fromEntries(
    Object.entries(metadata ?? {}).filter(([key]) => !mapped.has(key)),
  );
  const remainder: Record<string, unknown> = {
    source_version: typeof raw['version'] === 'string' ? raw['version'] : 'unversioned',
    thread_id: raw['thread_id'],
    confidence: raw['confidence'],
    reasoning_block: raw['reasoning_block'],
    provenance: raw['provenance'],
    routing: raw['routing'],
    derivation_type: lineage?.['derivation_type'],
    metadata: Object.keys(extraMetadata).length > 0 ? extraMetadata : undefined,
  };
  const kept = Object.fromEntries(
    Object.entries(remainder).filter(([, value]) => value !== undefined && value !== null),
  );
  const parsed = JsonObjectSchema.safeParse(kept);
  if (!parsed.success) throw new EnvelopeError(parsed.error.issues[0].path.join('.'), 'must be plain JSON');
  return parsed.data;
}
