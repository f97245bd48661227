import type { FastifyReply, FastifyRequest } from 'fastify';
import type * as McpServerModule from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type * as McpTransportModule from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type * as McpTypesModule from '@modelcontextprotocol/sdk/types.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { EndpointContract } from '../agent/endpoint-contract';
import type { AgentServer } from '../server/create-agent-server';
import { authenticateCaller } from '../server/endpoint-caller';
import { errorOutcome, type HttpOutcome } from '../server/error-body';
import type { AgentIdentity } from '../server/server-options';
import { refuseForeignOrigin } from './mcp-origin';
import { toolResultOf } from './mcp-tool-result';
import { mcpToolsOf } from './mcp-tools';

export interface McpRouteOptions {
  identity: AgentIdentity;
  /** The agent's declared endpoints: one tool each (see mcp-tools.ts). */
  endpoints: readonly EndpointContract[];
  /** Clock of caller-token expiry. */
  now?: () => number;
}

/** Path of an agent's MCP endpoint: `/<prefix>/mcp`, e.g. `/tensoraios/mcp`. */
export function mcpPath(identity: Pick<AgentIdentity, 'routePrefix'>): string {
  return `/${identity.routePrefix}/mcp`;
}

function send(reply: FastifyReply, outcome: HttpOutcome): FastifyReply {
  if (outcome.headers) void reply.headers(outcome.headers);
  return reply.code(outcome.statusCode).send(outcome.body);
}

function instructions(identity: AgentIdentity): string {
  return [
    `Each tool is one of ${identity.name}'s declared endpoints, called with the same checks as over HTTP.`,
    'A call held for governance review answers isError with the escalation id and how to follow it: it runs once an anchor approves, so do not repeat it.',
  ].join(' ');
}

/**
 * The MCP transport reads the method, the headers and the already parsed body; the URL's origin is not used,
 * so the request's own path on a fixed local origin stands for it whatever `Host` the client sent.
 */
function webRequestOf(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  return new Request(new URL(request.url, 'http://localhost'), { method: request.method, headers });
}

type McpSdk = Pick<typeof McpServerModule, 'McpServer'> &
  Pick<typeof McpTransportModule, 'WebStandardStreamableHTTPServerTransport'> &
  Pick<typeof McpTypesModule, 'CallToolRequestSchema' | 'ErrorCode' | 'ListToolsRequestSchema' | 'McpError'>;
let loadedSdk: McpSdk | undefined;

/*
 * The MCP SDK and its zod schemas load at the first MCP request, not at start: they take some 12 MiB, and an
 * agent that is never called over MCP should not carry them (tools/bench/memory.ts measures the idle agent).
 */
function mcpSdk(): McpSdk {
  /* eslint-disable @typescript-eslint/no-require-imports */
  loadedSdk ??= {
    ...(require('@modelcontextprotocol/sdk/server/mcp.js') as typeof McpServerModule),
    ...(require('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js') as typeof McpTransportModule),
    ...(require('@modelcontextprotocol/sdk/types.js') as typeof McpTypesModule),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loadedSdk;
}

/** An MCP server for one HTTP request: its tool calls act for that request's caller. */
function mcpServerFor(
  request: FastifyRequest,
  server: AgentServer,
  tools: readonly Tool[],
  options: McpRouteOptions,
): McpServer {
  const { McpServer, CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } = mcpSdk();
  const mcp = new McpServer(
    { name: options.identity.id, title: options.identity.name, version: options.identity.version },
    { capabilities: { tools: { listChanged: false } }, instructions: instructions(options.identity) },
  );
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  // Tools are declared as JSON Schemas, not zod shapes, so they are served through the protocol handlers
  // rather than registerTool; the endpoint's own admission validates the arguments.
  mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...tools] }));
  mcp.server.setRequestHandler(CallToolRequestSchema, async (call) => {
    const tool = byName.get(call.params.name);
    const running =
      tool && server.callEndpoint(tool.name, request, call.params.arguments ?? {}, { door: 'mcp' });
    if (!tool || !running)
      throw new McpError(
        ErrorCode.InvalidParams,
        `${options.identity.id} has no tool named ${JSON.stringify(call.params.name)}; tools/list names its tools`,
      );
    return toolResultOf(tool, await running, { routePrefix: options.identity.routePrefix });
  });
  return mcp;
}

/**
 * Serves the agent's declared endpoints as MCP tools over Streamable HTTP at `POST /<prefix>/mcp`, with the
 * official `@modelcontextprotocol/sdk` server.
 *
 * Stateless: every POST is answered on its own (a fresh server and transport, JSON responses, no session id),
 * because a tool call here is one request and one answer. Nothing about a client lives in the agent's memory,
 * so any replica or a restarted agent answers the next request, and each request proves its caller again
 * instead of riding on a session id. Held work is followed through the escalation, not a held-open stream, so
 * GET (a server-to-client stream) and DELETE (ending a session) are 405.
 *
 * Admission: a browser page from a foreign origin is 403 (mcp-origin.ts); with packet auth on, every request needs
 * `Authorization: Bearer <caller token>` (401 at the HTTP level otherwise, as for every endpoint); each
 * `tools/call` then goes through `AgentServer.callEndpoint`, the endpoint's own route's admission: endpoint
 * token, rate limit by identity, request schema, governance, timeout, response schema.
 */
export function registerMcpRoute(server: AgentServer, options: McpRouteOptions): void {
  const path = mcpPath(options.identity);
  const { tools, unlisted } = mcpToolsOf(options.endpoints);
  for (const endpoint of unlisted)
    server.app.log.warn(
      { endpoint: endpoint.name },
      `endpoint ${endpoint.name} is not an MCP tool: ${endpoint.reason}`,
    );
  const callerContext = {
    identity: options.identity,
    settings: server.settings,
    now: options.now ?? Date.now,
  };

  server.app.post(path, async (request, reply) => {
    const foreign = refuseForeignOrigin(request);
    if (foreign) return send(reply, foreign);
    const caller = await authenticateCaller(request, callerContext, `POST ${path}`);
    if ('statusCode' in caller) return send(reply, caller);
    const mcp = mcpServerFor(request, server, tools, options);
    const transport = new (mcpSdk().WebStandardStreamableHTTPServerTransport)({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    try {
      await mcp.connect(transport);
      const answer = await transport.handleRequest(webRequestOf(request), { parsedBody: request.body });
      answer.headers.forEach((value, name) => void reply.header(name, value));
      const body = await answer.text();
      return reply.code(answer.status).send(body === '' ? undefined : body);
    } finally {
      await mcp.close();
    }
  });

  const notServed = (_request: FastifyRequest, reply: FastifyReply) =>
    send(
      reply,
      errorOutcome(
        405,
        'method_not_allowed',
        `${path} is stateless: POST each JSON-RPC message; there is no stream to open and no session to end`,
        {},
        { allow: 'POST' },
      ),
    );
  server.app.get(path, notServed);
  server.app.delete(path, notServed);
}
