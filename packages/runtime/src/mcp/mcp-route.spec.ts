import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { issueCallerToken } from '../caller/caller-token';
import { testAnchors } from '../governance/anchor-test-support';
import type { AgentBlueprint } from '../agent/agent-blueprint';
import type { EndpointContract } from '../agent/endpoint-contract';
import type { JsonObject } from '../envelope/envelope-schema';
import { serveAgent, type RunningAgent } from '../agent/serve-agent';
import { createTestRuntime } from '../agent/test-runtime';
import { ESCALATION_META_KEY } from './mcp-tool-result';

const SECRET = 'library-packet-secret-0123456789abcdef';
const anchors = testAnchors(['Head Librarian']);

/** A lending desk: nothing like TensorAIOS, with a nested request schema, a response schema and a governed fee. */
const blueprint: AgentBlueprint = {
  identity: { id: 'lending-desk', name: 'LendingDesk', version: '2.1.0', routePrefix: 'library' },
  port: 0,
  governance: {
    anchors: ['Head Librarian'],
    mode: 'hybrid',
    humanoverride: true,
    escalationpolicy: 'Escalate if: overdue fee > 50',
  },
  memory: { keyspace: 'library:working:*', ttl: '1hr', retention: '30 days' },
  auditScope: ['loans'],
  featureFlags: {},
  peers: [],
};

const reserveRequest = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['isbn', 'copies', 'overdue_fee', 'reader'],
  additionalProperties: false,
  properties: {
    isbn: { type: 'string', pattern: '^97[89][0-9]{10}$' },
    copies: { type: 'integer', minimum: 1, maximum: 5 },
    overdue_fee: { type: 'number', minimum: 0 },
    reader: { type: 'object', required: ['card'], properties: { card: { type: 'string', minLength: 4 } } },
  },
};
const reserveResponse = {
  type: 'object',
  required: ['reservation', 'copies'],
  properties: { reservation: { type: 'string' }, copies: { type: 'integer' } },
};

const endpoints: EndpointContract[] = [
  {
    name: 'reserve_book',
    path: '/library/v2/reservations',
    method: 'POST',
    timeout_ms: 2000,
    operation: 'reservations',
    request: reserveRequest,
    response: reserveResponse,
    description: 'Reserve copies of a book for a reader',
  },
  {
    name: 'catalogue_search',
    path: '/library/v2/catalogue',
    method: 'GET',
    timeout_ms: 2000,
    operation: null,
  },
];

const calm = { isbn: '9780262033848', copies: 2, overdue_fee: 3.5, reader: { card: 'R-1042' } };

interface Served {
  agent: RunningAgent<object>;
  url: string;
  /** Inputs the reservations module received, in order. */
  received: JsonObject[];
}

async function serve(env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const runtime = await createTestRuntime(blueprint, env);
  const received: JsonObject[] = [];
  runtime.operations.register({
    name: 'reservations',
    async handle(input) {
      received.push(input);
      return { reservation: `hold-${String(input['isbn'])}`, copies: Number(input['copies']) };
    },
  });
  const agent = serveAgent(runtime, { endpoints, modules: {} });
  const url = await agent.listen(0, '127.0.0.1');
  return { agent, url, received };
}

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'lending-desk-spec', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/library/mcp`), { requestInit: { headers } }),
  );
  return client;
}

const text = (result: CallToolResult) =>
  result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');

describe('MCP tools at /<prefix>/mcp (official client, packet auth off)', () => {
  let served: Served;
  let client: Client;

  beforeAll(async () => {
    served = await serve({ L9_ANCHORS_FILE: anchors.writeJwksFile() });
    client = await connect(served.url);
  });

  afterAll(async () => {
    await client.close();
    await served.agent.close();
  });

  it('names the agent and lists one tool per declared endpoint with its schemas', async () => {
    expect(client.getServerVersion()).toMatchObject({ name: 'lending-desk', version: '2.1.0' });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['reserve_book', 'catalogue_search']);
    const { $schema: _dialect, ...declared } = reserveRequest;
    expect(tools[0]).toMatchObject({
      description: 'Reserve copies of a book for a reader',
      inputSchema: declared,
      outputSchema: reserveResponse,
    });
    expect(tools[1]).toMatchObject({
      description: 'GET /library/v2/catalogue',
      inputSchema: { type: 'object' },
      annotations: { readOnlyHint: true },
    });
    expect(tools[1]).not.toHaveProperty('outputSchema');
  });

  it('runs the module behind the endpoint and returns its answer as structured content', async () => {
    const result = (await client.callTool({ name: 'reserve_book', arguments: calm })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ reservation: 'hold-9780262033848', copies: 2 });
    expect(JSON.parse(text(result))).toEqual(result.structuredContent);
    expect(served.received.at(-1)).toEqual(calm);
  });

  it('refuses arguments off the request schema as a tool error naming the field, before the module runs', async () => {
    const before = served.received.length;
    const result = (await client.callTool({
      name: 'reserve_book',
      arguments: { ...calm, reader: { card: 'R1' }, copies: 9 },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('invalid_payload');
    expect(text(result)).toContain('/reader/card');
    expect(text(result)).toContain('/copies');
    expect(served.received.length).toBe(before);
  });

  it('answers an escalating call as held, with the escalation id and how to follow it, and runs nothing yet', async () => {
    const before = served.received.length;
    const result = (await client.callTool({
      name: 'reserve_book',
      arguments: { ...calm, overdue_fee: 80 },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    const held = result._meta?.[ESCALATION_META_KEY] as {
      escalation_id: string;
      reason: string;
      status_url: string;
    };
    expect(held.status_url).toBe(`/library/escalations/${held.escalation_id}`);
    expect(text(result)).toContain(`held for governance review (escalation ${held.escalation_id})`);
    expect(text(result)).toContain(`GET /library/escalations/${held.escalation_id}`);
    const escalation = await served.agent.runtime.governance.get(held.escalation_id);
    expect(escalation).toMatchObject({
      status: 'paused',
      anchors: ['Head Librarian'],
      work: { kind: 'endpoint', endpoint: 'reserve_book', payload: { overdue_fee: 80 } },
    });
    expect(text(result)).toContain(held.reason);
    expect(served.received.length).toBe(before);
  });

  it('runs a held call once an anchor approves it, and the link the held answer gave shows the result', async () => {
    const held = (await client.callTool({
      name: 'reserve_book',
      arguments: { ...calm, isbn: '9780131103627', overdue_fee: 75 },
    })) as CallToolResult;
    const { escalation_id: id, status_url: follow } = held._meta?.[ESCALATION_META_KEY] as {
      escalation_id: string;
      status_url: string;
    };
    const shown = (await (await fetch(`${served.url}${follow}`)).json()) as { work_digest: string };
    const resolution = await anchors.sign('Head Librarian', {
      agent: 'lending-desk',
      escalation_id: id,
      action: 'approve',
      reason: 'fee waived',
      work_digest: shown.work_digest,
    });
    const approved = await fetch(`${served.url}${follow}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resolution }),
    });
    expect(approved.status).toBe(200);
    const followed = await (await fetch(`${served.url}${follow}`)).json();
    expect(followed).toMatchObject({
      status: 'approved',
      outcome: { state: 'completed', result: { reservation: 'hold-9780131103627', copies: 2 } },
    });
    expect(served.received.filter((input) => input['isbn'] === '9780131103627')).toHaveLength(1);
  });

  it('acknowledges a call to an endpoint without a module, as its own route does', async () => {
    const result = (await client.callTool({
      name: 'catalogue_search',
      arguments: { title: 'SICP' },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toBeDefined();
  });

  it('answers a tool the agent does not have with a protocol error', async () => {
    await expect(client.callTool({ name: 'burn_library', arguments: {} })).rejects.toThrow(
      /no tool named "burn_library"/,
    );
  });

  it('is stateless: GET and DELETE are 405, and a browser page of another origin is 403', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${served.url}/library/mcp`, { method });
      expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST']);
    }
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'page', version: '1' } },
    };
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const foreign = await fetch(`${served.url}/library/mcp`, {
      method: 'POST',
      headers: { ...headers, origin: 'https://rebound.example' },
      body: JSON.stringify(initialize),
    });
    expect(foreign.status).toBe(403);
    const local = await fetch(`${served.url}/library/mcp`, {
      method: 'POST',
      headers: { ...headers, origin: 'http://localhost:6274' },
      body: JSON.stringify(initialize),
    });
    expect(local.status).toBe(200);
    const lookalike = await fetch(`${served.url}/library/mcp`, {
      method: 'POST',
      headers: { ...headers, origin: 'http://127.rebound.example' },
      body: JSON.stringify(initialize),
    });
    expect(lookalike.status).toBe(403);
    const loopback = await fetch(`${served.url}/library/mcp`, {
      method: 'POST',
      headers: { ...headers, origin: 'http://[::1]:6274' },
      body: JSON.stringify(initialize),
    });
    expect(loopback.status).toBe(200);
  });
});

describe('MCP tools with packet auth on', () => {
  let served: Served;

  beforeAll(async () => {
    served = await serve({ L9_PACKET_SECRET: SECRET });
  });

  afterAll(async () => {
    await served.agent.close();
  });

  it('refuses a client without a caller token, or with one for another agent, at the HTTP level (401)', async () => {
    await expect(connect(served.url)).rejects.toMatchObject({
      code: 401,
      message: expect.stringContaining('caller_token_required'),
    });
    const elsewhere = await issueCallerToken({ secret: SECRET, caller: 'reading-room', agent: 'main-agent' });
    await expect(connect(served.url, { authorization: `Bearer ${elsewhere}` })).rejects.toMatchObject({
      code: 401,
      message: expect.stringContaining('invalid_caller_token'),
    });
    const response = await fetch(`${served.url}/library/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('caller_token_required');
  });

  it('serves a client with a caller token for this agent, calls counted against that caller, and runs the module', async () => {
    const token = await issueCallerToken({ secret: SECRET, caller: 'reading-room', agent: 'lending-desk' });
    const client = await connect(served.url, { authorization: `Bearer ${token}` });
    try {
      expect((await client.listTools()).tools).toHaveLength(2);
      const result = (await client.callTool({ name: 'reserve_book', arguments: calm })) as CallToolResult;
      expect(result.structuredContent).toEqual({ reservation: 'hold-9780262033848', copies: 2 });
      const held = (await client.callTool({
        name: 'reserve_book',
        arguments: { ...calm, overdue_fee: 99 },
      })) as CallToolResult;
      const escalation = held._meta?.[ESCALATION_META_KEY] as { escalation_id: string };
      expect(await served.agent.runtime.governance.get(escalation.escalation_id)).toMatchObject({
        work: { caller: 'reading-room' },
      });
    } finally {
      await client.close();
    }
  });
});
