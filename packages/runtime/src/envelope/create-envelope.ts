import { randomUUID } from 'node:crypto';
import { canonicalSha256 } from './canonical-json';
import {
  ENVELOPE_VERSION,
  JsonObject,
  PacketEnvelope,
  PacketEnvelopeSchema,
  Priority,
} from './envelope-schema';
import { newTraceId, traceparentFor } from './trace-context';

export interface CreateEnvelopeInput {
  packet_type: string;
  source_agent: string;
  destination_agent: string;
  payload: JsonObject;
  priority?: Priority;
  governance_flags?: string[];
  /** Continue an existing trace instead of starting a new one. */
  trace_id?: string;
  tags?: string[];
  /** Fixed id and time make envelopes reproducible in tests; production callers leave them out. */
  packet_id?: string;
  timestamp?: string;
}

/** sha256 of the canonical JSON of the payload: what `content_hash` must equal. */
export function computeContentHash(payload: JsonObject): string {
  return canonicalSha256(payload);
}

/** A new, unsigned root envelope (generation 0, its own root). Throws a ZodError on invalid input. */
export function createEnvelope(input: CreateEnvelopeInput): PacketEnvelope {
  const packetId = input.packet_id ?? randomUUID();
  const traceId = input.trace_id ?? newTraceId();
  return PacketEnvelopeSchema.parse({
    packet_id: packetId,
    packet_type: input.packet_type,
    version: ENVELOPE_VERSION,
    timestamp: input.timestamp ?? new Date().toISOString(),
    source_agent: input.source_agent,
    destination_agent: input.destination_agent,
    payload: input.payload,
    metadata: {
      trace_id: traceId,
      traceparent: traceparentFor(traceId),
      priority: input.priority ?? 'normal',
      governance_flags: input.governance_flags ?? [],
      ...(input.tags ? { tags: input.tags } : {}),
    },
    lineage: { parent_ids: [], root_packet_id: packetId, generation: 0 },
    content_hash: computeContentHash(input.payload),
  });
}
