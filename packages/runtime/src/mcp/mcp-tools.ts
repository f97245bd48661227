import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { EndpointContract, EndpointJsonSchema } from '../agent/endpoint-contract';

/** MCP assumes JSON Schema 2020-12 when a schema names no dialect, which is the dialect endpoint schemas are written in. */
const DEFAULT_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** What a tool takes when its endpoint declares no request schema: any object, as the endpoint itself accepts. */
const ANY_OBJECT: Tool['inputSchema'] = { type: 'object', additionalProperties: true };

/** Where a listed tool leads, in its `_meta`: the same call as plain HTTP. */
export const ENDPOINT_META_KEY = 'l9/endpoint';

/**
 * An endpoint schema as an MCP tool schema, or `undefined` when it cannot be one: MCP tool arguments and
 * structured results are JSON objects, so the schema must describe an object (`type: "object"`, or no `type`,
 * which then gets it). The default dialect's `$schema` is dropped because it is MCP's default too, and clients
 * that compile schemas with a draft-07 validator (the official TypeScript client does) refuse a `$schema` they
 * do not know.
 */
export function mcpObjectSchema(schema: EndpointJsonSchema): Tool['inputSchema'] | undefined {
  if (schema['type'] !== undefined && schema['type'] !== 'object') return undefined;
  const { $schema, ...rest } = schema;
  const kept = $schema === undefined || $schema === DEFAULT_DIALECT ? rest : schema;
  return { ...kept, type: 'object' } as Tool['inputSchema'];
}

/** An endpoint that cannot be an MCP tool, and why (the agent logs it at start). */
export interface UnlistedEndpoint {
  name: string;
  reason: string;
}

/**
 * One MCP tool per declared endpoint: its name, its description (else its method and path), its request schema
 * as `inputSchema` (any object when undeclared) and its response schema as `outputSchema` when it declares one.
 * GET endpoints are marked read-only. An endpoint whose request is not a JSON object cannot take MCP arguments
 * and is left out (reported in `unlisted`); a response that is not an object is still returned, as text, without
 * an `outputSchema`.
 */
export function mcpToolsOf(endpoints: readonly EndpointContract[]): {
  tools: Tool[];
  unlisted: UnlistedEndpoint[];
} {
  const tools: Tool[] = [];
  const unlisted: UnlistedEndpoint[] = [];
  for (const endpoint of endpoints) {
    const inputSchema = endpoint.request ? mcpObjectSchema(endpoint.request) : ANY_OBJECT;
    if (!inputSchema) {
      unlisted.push({
        name: endpoint.name,
        reason: `its request schema is not a JSON object (type ${JSON.stringify(endpoint.request?.['type'])}), and MCP tool arguments are one`,
      });
      continue;
    }
    const outputSchema = endpoint.response ? mcpObjectSchema(endpoint.response) : undefined;
    tools.push({
      name: endpoint.name,
      description: endpoint.description ?? `${endpoint.method} ${endpoint.path}`,
      inputSchema,
      ...(outputSchema ? { outputSchema: outputSchema as Tool['outputSchema'] } : {}),
      ...(endpoint.method === 'GET' ? { annotations: { readOnlyHint: true } } : {}),
      _meta: { [ENDPOINT_META_KEY]: { method: endpoint.method, path: endpoint.path } },
    });
  }
  return { tools, unlisted };
}
