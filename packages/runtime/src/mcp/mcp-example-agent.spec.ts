import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createAgent } from '../../../../agents/tensoraios/src/generated/wiring';
import { endpoints } from '../../../../agents/tensoraios/src/generated/contract';
import { issueCallerToken } from '../caller/caller-token';
import { compliantSignals } from '../roles/compliant-signals';
import { ESCALATION_META_KEY } from './mcp-tool-result';

const SECRET = 'tensoraios-example-packet-secret-0123456789';

/** The committed TensorAIOS agent, as generated, with packet auth on, spoken to by the official MCP client. */
describe('the committed TensorAIOS agent as an MCP server', () => {
  let agent: Awaited<ReturnType<typeof createAgent>>;
  let url: string;
  let client: Client;

  beforeAll(async () => {
    agent = await createAgent({ L9_LOG_LEVEL: 'silent', L9_PACKET_SECRET: SECRET });
    url = `${await agent.listen(0, '127.0.0.1')}/tensoraios/mcp`;
    const token = await issueCallerToken({ secret: SECRET, caller: 'mcp-example-spec', agent: 'tensoraios' });
    client = new Client({ name: 'mcp-example-spec', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
  });

  afterAll(async () => {
    await client.close();
    await agent.close();
  });

  it('lists every declared endpoint as a tool with an object inputSchema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(endpoints.map((endpoint) => endpoint.name));
    for (const tool of tools) expect(tool.inputSchema.type).toBe('object');
  });

  it('runs the domain module the user owns (tensor-scorer) for score_candidates', async () => {
    const calm = compliantSignals(agent.runtime.governance.policy.rules);
    const result = (await client.callTool({
      name: 'score_candidates',
      arguments: { candidates: 3, ...calm },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      module: 'tensor-scorer',
      accepted: true,
      received: expect.arrayContaining(['candidates']),
    });
    const episodes = await agent.runtime.memory.episodic.query({ kind: 'tensor-scorer' });
    expect(episodes.map((episode) => episode.data)).toContainEqual(
      expect.objectContaining({ candidates: 3 }),
    );
  });

  it('holds a call that leaves out the signals its rules compare, saying how to follow it', async () => {
    const result = (await client.callTool({
      name: 'score_candidates',
      arguments: { candidates: 3 },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    const held = result._meta?.[ESCALATION_META_KEY] as { escalation_id: string; status_url: string };
    expect(held.status_url).toBe(`/tensoraios/escalations/${held.escalation_id}`);
    expect(await agent.runtime.governance.get(held.escalation_id)).toMatchObject({ status: 'paused' });
  });

  it('refuses a client without a caller token with 401', async () => {
    const anonymous = new Client({ name: 'anonymous', version: '1.0.0' });
    await expect(anonymous.connect(new StreamableHTTPClientTransport(new URL(url)))).rejects.toMatchObject({
      code: 401,
    });
  });
});
