import type { EndpointSpec } from '../../../schema';
import type { AgentRenderContext } from './render-context';

/** The agent's MCP endpoint on its planned local port, e.g. `http://localhost:8000/tensoraios/mcp`. */
export function mcpUrl(ctx: AgentRenderContext): string {
  return `http://localhost:${ctx.planned.port}/${ctx.spec.route_prefix}/mcp`;
}

/**
 * The agent's README section on MCP: what it serves at `/<prefix>/mcp` and a client built with the official
 * `@modelcontextprotocol/sdk` that lists the tools and calls `example` with `exampleJson` (the same body the
 * README's curl line sends), including how a held call looks and how a caller token is sent.
 */
export function mcpClientSection(
  ctx: AgentRenderContext,
  example: EndpointSpec | undefined,
  exampleJson: string,
): string[] {
  const { spec } = ctx;
  const tools = spec.endpoints.map((e) => e.name).join(', ');
  const call = example
    ? [
        `const result = await client.callTool({ name: '${example.name}', arguments: ${exampleJson} });`,
        "// A call held for governance review answers isError with result._meta['l9/escalation'] (escalation_id, reason,",
        `// status_url: GET /${spec.route_prefix}/escalations/<id> with the same token); it runs once an anchor approves.`,
        'console.log(result.structuredContent ?? result.content);',
      ]
    : [];
  return [
    '### MCP (tools, LLM clients)',
    '',
    `\`POST /${spec.route_prefix}/mcp\` serves every endpoint as an MCP tool (Streamable HTTP, stateless): the tool is named like the endpoint,`,
    "its `inputSchema` is the endpoint's `request` schema and its `outputSchema` the `response` schema, and a call passes the",
    'same checks as a direct HTTP call. With the official TypeScript SDK (`npm install @modelcontextprotocol/sdk`):',
    '',
    '```ts',
    "import { Client } from '@modelcontextprotocol/sdk/client/index.js';",
    "import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';",
    '',
    `// With packet auth on: L9_CALLER_TOKEN=$(npx l9-runtime token --caller my-tool --agent ${spec.id})`,
    'const token = process.env.L9_CALLER_TOKEN;',
    `const transport = new StreamableHTTPClientTransport(new URL('${mcpUrl(ctx)}'), {`,
    '  requestInit: { headers: token ? { authorization: `Bearer ${token}` } : {} },',
    '});',
    "const client = new Client({ name: 'my-tool', version: '1.0.0' });",
    'await client.connect(transport);',
    `console.log((await client.listTools()).tools.map((tool) => tool.name)); // ${tools || 'no endpoints declared'}`,
    ...call,
    'await client.close();',
    '```',
    '',
    `An MCP host that takes a server URL (Streamable HTTP) connects to \`${mcpUrl(ctx)}\`, with \`Authorization: Bearer <caller token>\` when packet auth is on.`,
    '',
  ];
}
