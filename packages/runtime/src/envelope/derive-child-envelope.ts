import { randomUUID } from 'node:crypto';
import { computeContentHash } from './create-envelope';
import {
  ENVELOPE_VERSION,
  JsonObject,
  PacketEnvelope,
  PacketEnvelopeSchema,
  Priority,
} from './envelope-schema';
import { traceparentFor } from './trace-context';

export interface DeriveChildInput {
  payload: JsonObject;
  packet_type?: string;
  source_agent?: string;
  destination_agent?: string;
  priority?: Priority;
  governance_flags?: string[];
  /** Extra parents when the child merges several packets; the direct parent always comes first. */
  extra_parent_ids?: string[];
  timestamp?: string;
}

/**
 * Envelopes are immutable: a change is a new child envelope with a new id, the parent in its lineage,
 * generation + 1, the same root and the same trace (a new span). The child is unsigned; sign it afterwards.
 * Throws a ZodError when the input makes an invalid envelope.
 */
export function deriveChildEnvelope(parent: PacketEnvelope, input: DeriveChildInput): PacketEnvelope {
  return PacketEnvelopeSchema.parse(buildChildEnvelope(parent, input, computeContentHash(input.payload)));
}

/**
 * The child envelope as `deriveChildEnvelope` builds it, without validating the result: for callers that
 * construct it from a validated parent and check what they add themselves (see seal-child-envelope.ts).
 */
export function buildChildEnvelope(
  parent: PacketEnvelope,
  input: DeriveChildInput,
  contentHash: string,
): PacketEnvelope {
  const extra = input.extra_parent_ids;
  const parentIds =
    extra && extra.length > 0
      ? [parent.packet_id, ...extra.filter((id) => id !== parent.packet_id)]
      : [parent.packet_id];
  return {
    packet_id: randomUUID(),
    packet_type: input.packet_type ?? parent.packet_type,
    version: ENVELOPE_VERSION,
    timestamp: input.timestamp ?? new Date().toISOString(),
    source_agent: input.source_agent ?? parent.source_agent,
    destination_agent: input.destination_agent ?? parent.destination_agent,
    payload: input.payload,
    metadata: {
      trace_id: parent.metadata.trace_id,
      traceparent: traceparentFor(parent.metadata.trace_id),
      priority: input.priority ?? parent.metadata.priority,
      governance_flags: input.governance_flags ?? parent.metadata.governance_flags,
    },
    lineage: {
      parent_ids: parentIds,
      root_packet_id: parent.lineage.root_packet_id,
      generation: parent.lineage.generation + 1,
    },
    content_hash: contentHash,
  };
}
