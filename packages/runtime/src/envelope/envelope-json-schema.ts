import * as z from 'zod';
import { PacketEnvelopeSchema } from './envelope-schema';

let cached: Record<string, unknown> | undefined;

/**
 * PacketEnvelope v2 as a draft-07 JSON Schema, derived from the zod model (the one source of truth), for
 * validators compiled ahead of use such as a fastify route's `schema.body` (ajv). Every constraint of the zod
 * model has a JSON Schema counterpart here (regex checks become `pattern`), so an envelope this schema accepts
 * is one `PacketEnvelopeSchema` accepts; the converse need not hold, which is why a rejection is explained by
 * the zod model (see read-envelope.ts). Derived once per process.
 */
export function packetEnvelopeJsonSchema(): Record<string, unknown> {
  if (!cached) {
    const { $schema: _dialect, ...schema } = z.toJSONSchema(PacketEnvelopeSchema, {
      target: 'draft-7',
    }) as Record<string, unknown>;
    cached = schema;
  }
  return cached;
}
