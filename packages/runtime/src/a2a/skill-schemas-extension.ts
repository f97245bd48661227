import type { AgentExtension } from '@a2a-js/sdk';
import type { EndpointContract } from '../agent/endpoint-contract';

/** Identifies the card extension that carries the skills' JSON Schemas. */
export const SKILL_SCHEMAS_EXTENSION_URI = 'urn:l9:a2a:skill-schemas:v1';

/**
 * A2A skills describe their input only as media types, so the request and response JSON Schemas that endpoints
 * declare travel in an optional card extension: `params.skills.<skill id>.{request, response}`. Clients that do
 * not know it ignore it; the signature covers it like the rest of the card. `undefined` when no endpoint
 * declares a schema.
 */
export function skillSchemasExtension(endpoints: readonly EndpointContract[]): AgentExtension | undefined {
  const skills: Record<string, Record<string, unknown>> = {};
  for (const endpoint of endpoints) {
    if (!endpoint.request && !endpoint.response) continue;
    skills[endpoint.name] = {
      ...(endpoint.request ? { request: endpoint.request } : {}),
      ...(endpoint.response ? { response: endpoint.response } : {}),
    };
  }
  if (Object.keys(skills).length === 0) return undefined;
  return {
    uri: SKILL_SCHEMAS_EXTENSION_URI,
    description:
      'JSON Schemas of each skill: request (the data part a message carries) and response (the data part of its artifact)',
    required: false,
    params: { skills },
  };
}
