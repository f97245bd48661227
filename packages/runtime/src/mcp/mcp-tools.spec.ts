import type { EndpointContract } from '../agent/endpoint-contract';
import { mcpObjectSchema, mcpToolsOf } from './mcp-tools';

const endpoint = (extra: Partial<EndpointContract>): EndpointContract => ({
  name: 'tally',
  path: '/ledger/tally',
  method: 'POST',
  timeout_ms: 100,
  operation: null,
  ...extra,
});

describe('mcpToolsOf', () => {
  it('leaves out an endpoint whose request is not a JSON object, saying why, and lists the others', () => {
    const { tools, unlisted } = mcpToolsOf([
      endpoint({ name: 'bulk_tally', request: { type: 'array', items: { type: 'number' } } }),
      endpoint({}),
    ]);
    expect(tools.map((tool) => tool.name)).toEqual(['tally']);
    expect(unlisted).toEqual([{ name: 'bulk_tally', reason: expect.stringContaining('"array"') }]);
  });

  it('returns a response that is not an object without an outputSchema', () => {
    const { tools } = mcpToolsOf([endpoint({ response: { type: 'array', items: { type: 'string' } } })]);
    expect(tools[0]).not.toHaveProperty('outputSchema');
  });

  it('gives a schema without a type the object type MCP arguments have, and says where the endpoint is served', () => {
    const { tools } = mcpToolsOf([
      endpoint({ request: { properties: { amount: { type: 'number' } }, required: ['amount'] } }),
    ]);
    expect(tools[0]).toMatchObject({
      inputSchema: { type: 'object', required: ['amount'] },
      _meta: { 'l9/endpoint': { method: 'POST', path: '/ledger/tally' } },
    });
  });
});

describe('mcpObjectSchema', () => {
  it("drops only the default dialect (2020-12, MCP's default too) and keeps any other", () => {
    expect(
      mcpObjectSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' }),
    ).toEqual({ type: 'object' });
    const draft7 = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' };
    expect(mcpObjectSchema(draft7)).toEqual(draft7);
  });
});
