import { packetEnvelopeJsonSchema } from '../envelope/envelope-json-schema';
import { preCheckedRouteSchema } from './route-schema-compilers';

/**
 * Route options of `POST /<prefix>/packets`: the compiled PacketEnvelope v2 schema admits well-formed v2
 * envelopes without running zod (checked only, never coerced: see route-schema-compilers.ts); with
 * `attachValidation` any other body still reaches the handler, which reads it with zod for the v1 upgrade and
 * a precise error (`request.validationError` says which case it is).
 */
export function packetRouteOptions() {
  return {
    schema: { body: preCheckedRouteSchema(packetEnvelopeJsonSchema()) },
    attachValidation: true,
  } as const;
}
