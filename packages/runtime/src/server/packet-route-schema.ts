import { packetEnvelopeJsonSchema } from '../envelope/envelope-json-schema';

/**
 * Options for the ajv instance fastify compiles route schemas with. Validation only checks: fastify's defaults
 * would coerce types and drop unknown members, changing what was hashed and signed, and turning an envelope
 * with an unknown field into a valid one.
 */
export const CHECK_ONLY_AJV_OPTIONS = {
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: false,
} as const;

/**
 * Route options of `POST /<prefix>/packets`: the compiled PacketEnvelope v2 schema admits well-formed v2
 * envelopes without running zod; with `attachValidation` any other body still reaches the handler, which reads
 * it with zod for the v1 upgrade and a precise error (`request.validationError` says which case it is).
 */
export function packetRouteOptions() {
  return { schema: { body: packetEnvelopeJsonSchema() }, attachValidation: true } as const;
}
