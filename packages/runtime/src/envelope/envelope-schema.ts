import * as z from 'zod';
import { TRACEPARENT_PATTERN, TRACE_ID_PATTERN } from './trace-context';

export const ENVELOPE_VERSION = '2.0';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().finite(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);
export const JsonObjectSchema = z.record(z.string(), JsonValueSchema);

export const PrioritySchema = z.enum(['low', 'normal', 'high', 'critical']);
export type Priority = z.infer<typeof PrioritySchema>;

const HEX_SHA256 = /^[0-9a-f]{64}$/;

export const EnvelopeMetadataSchema = z.strictObject({
  trace_id: z.string().regex(TRACE_ID_PATTERN, 'trace_id must be 32 lower-case hex characters, not all zero'),
  traceparent: z
    .string()
    .regex(TRACEPARENT_PATTERN, 'traceparent must be W3C format 00-<trace id>-<span id>-<flags>'),
  priority: PrioritySchema,
  governance_flags: z.array(z.string().min(1)),
  /** Labels carried over from v1.1 `tags`. */
  tags: z.array(z.string()).optional(),
  /** Expiry carried over from v1.1 `ttl`. */
  expires_at: z.iso.datetime({ offset: true }).optional(),
  /** v1 fields that v2 has no slot for (confidence, reasoning_block, derivation_type, …), kept rather than dropped. */
  legacy: JsonObjectSchema.optional(),
});

export const EnvelopeLineageSchema = z.strictObject({
  parent_ids: z.array(z.uuid()),
  root_packet_id: z.uuid(),
  generation: z.number().int().min(0),
});

/** PacketEnvelope v2. Unknown top-level fields are rejected: they would be covered by no hash and no reader. */
export const PacketEnvelopeSchema = z.strictObject({
  packet_id: z.uuid(),
  packet_type: z.string().min(1),
  version: z.literal(ENVELOPE_VERSION),
  timestamp: z.iso.datetime({ offset: true }),
  source_agent: z.string().min(1),
  destination_agent: z.string().min(1),
  payload: JsonObjectSchema,
  metadata: EnvelopeMetadataSchema,
  lineage: EnvelopeLineageSchema,
  content_hash: z.string().regex(HEX_SHA256, 'content_hash must be 64 lower-case hex characters (sha256)'),
  signature: z
    .string()
    .regex(HEX_SHA256, 'signature must be 64 lower-case hex characters (HMAC-SHA256)')
    .optional(),
});

export type PacketEnvelope = z.infer<typeof PacketEnvelopeSchema>;
export type EnvelopeMetadata = z.infer<typeof EnvelopeMetadataSchema>;
export type EnvelopeLineage = z.infer<typeof EnvelopeLineageSchema>;
