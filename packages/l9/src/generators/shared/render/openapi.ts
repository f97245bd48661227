import type { EndpointSpec } from '../../../schema';
import { endpointTypeNames } from './endpoint-types';
import { hoistDefinitions } from './openapi-schemas';
import type { AgentRenderContext } from './render-context';

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const ANY_OBJECT = { type: 'object', additionalProperties: true };

/** A GET or DELETE takes its input as a query string: one parameter per property of its request schema. */
function queryParameters(schema: Record<string, unknown>): Record<string, unknown>[] {
  const properties = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set(Array.isArray(schema['required']) ? schema['required'].map(String) : []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...(typeof property['description'] === 'string' ? { description: property['description'] } : {}),
    schema: property,
  }));
}

function operation(endpoint: EndpointSpec, components: Record<string, unknown>) {
  const hasBody = endpoint.method !== 'GET' && endpoint.method !== 'DELETE';
  const names = endpointTypeNames(endpoint);
  const request = endpoint.request
    ? hoistDefinitions(names.request, endpoint.request, components)
    : undefined;
  const response = endpoint.response
    ? hoistDefinitions(names.response, endpoint.response, components)
    : undefined;
  return {
    operationId: endpoint.name,
    summary: endpoint.description ?? endpoint.name.replace(/_/g, ' '),
    'x-l9-timeout-ms': endpoint.timeout_ms,
    ...(endpoint.auth ? { security: [{ [endpoint.auth]: [] }] } : {}),
    ...(!hasBody && request ? { parameters: queryParameters(request) } : {}),
    ...(hasBody
      ? {
          requestBody: { required: true, content: { 'application/json': { schema: request ?? ANY_OBJECT } } },
        }
      : {}),
    responses: {
      '200': {
        description: 'Result of the operation',
        content: { 'application/json': { schema: response ?? ANY_OBJECT } },
      },
      ...(endpoint.method !== 'GET'
        ? { '202': { description: 'Held by governance for an anchor; the body names the escalation' } }
        : {}),
      '400': errorResponse(
        request
          ? 'Payload failed validation; `issues` name each bad field by JSON Pointer'
          : 'Payload failed validation',
      ),
      '429': errorResponse('Rate limit reached'),
      ...(response
        ? {
            '500': errorResponse(
              'response_contract_violation: the module answered outside the response schema',
            ),
          }
        : {}),
      '503': errorResponse('A backend the operation needs is down'),
      '504': errorResponse(`No result within ${endpoint.timeout_ms} ms`),
    },
  };
}

/** The agent's HTTP API as an OpenAPI 3.1 document, derived from its endpoints and the runtime's built-in routes. */
export function openApiDocument(ctx: AgentRenderContext): Record<string, unknown> {
  const { spec, planned } = ctx;
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (path: string, method: string, value: unknown) => {
    paths[path] = { ...(paths[path] ?? {}), [method.toLowerCase()]: value };
  };
  const hoisted: Record<string, unknown> = {};
  for (const endpoint of spec.endpoints) add(endpoint.path, endpoint.method, operation(endpoint, hoisted));
  const prefix = `/${spec.route_prefix}`;
  add(`${prefix}/status`, 'GET', {
    operationId: 'l9_status',
    summary: 'Identity, version, uptime, backends and counters',
    responses: { '200': { description: 'Status' } },
  });
  add(`${prefix}/health`, 'GET', {
    operationId: 'l9_health',
    summary: 'Health of every backend',
    responses: {
      '200': { description: 'All backends up' },
      '503': errorResponse('Degraded: a backend is down'),
    },
  });
  add(`${prefix}/live`, 'GET', {
    operationId: 'l9_live',
    summary: 'Liveness: the process serves (no backend is checked)',
    responses: { '200': { description: 'Alive' } },
  });
  add(`${prefix}/packets`, 'POST', {
    operationId: 'l9_packets',
    summary: 'Receive a PacketEnvelope v2',
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { type: 'object', description: 'PacketEnvelope v2' } } },
    },
    responses: {
      '200': { description: 'Signed response envelope (child of the request)' },
      '202': { description: 'Escalated to a governance anchor; paused until resolved' },
      '400': errorResponse('Invalid envelope or content hash mismatch'),
      '401': errorResponse('Unsigned or badly signed envelope'),
      '404': errorResponse('Envelope addressed to another agent'),
      '409': errorResponse('Packet id replayed with different content'),
      '413': errorResponse('Envelope too large'),
      '429': errorResponse('Rate limit reached for the source agent'),
      '503': errorResponse('Audit or another required backend is down'),
    },
  });
  add('/metrics', 'GET', {
    operationId: 'l9_metrics',
    summary: 'Prometheus metrics',
    responses: { '200': { description: 'Metrics in text format' } },
  });
  const sortedPaths = Object.fromEntries(
    Object.keys(paths)
      .sort()
      .map((p) => [p, paths[p]]),
  );
  const auths = [...new Set(spec.endpoints.flatMap((e) => (e.auth ? [e.auth] : [])))].sort();
  return {
    openapi: '3.1.0',
    info: { title: `${spec.name} API`, version: spec.version, description: spec.role },
    servers: [{ url: `http://localhost:${planned.port}` }],
    paths: sortedPaths,
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: { error: { type: 'string' }, message: { type: 'string' } },
        },
        ...Object.fromEntries(
          Object.keys(hoisted)
            .sort()
            .map((name) => [name, hoisted[name]]),
        ),
      },
      ...(auths.length
        ? {
            securitySchemes: Object.fromEntries(
              auths.map((a) => [a, { type: 'apiKey', in: 'header', name: 'authorization' }]),
            ),
          }
        : {}),
    },
  };
}

export function renderOpenApi(ctx: AgentRenderContext): string {
  return `${JSON.stringify(openApiDocument(ctx), null, 2)}\n`;
}
