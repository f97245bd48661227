import { testAgentBlueprint } from '../testing/test-agent-blueprint';

// An agent on embedded backends must never load a database driver: each of these throws if it is required.
jest.mock('ioredis', () => {
  throw new Error('ioredis was loaded by an agent without L9_REDIS_URL');
});
jest.mock('pg', () => {
  throw new Error('pg was loaded by an agent without L9_POSTGRES_URL');
});
jest.mock('neo4j-driver', () => {
  throw new Error('neo4j-driver was loaded by an agent without L9_NEO4J_URL');
});
jest.mock('kysely', () => {
  throw new Error('kysely was loaded by an agent without L9_POSTGRES_URL');
});
// Nor the MCP SDK before an MCP request: an idle agent does not carry it (see mcp-route.ts).
for (const mcpModule of [
  '@modelcontextprotocol/sdk/server/mcp.js',
  '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js',
  '@modelcontextprotocol/sdk/types.js',
]) {
  jest.doMock(mcpModule, () => {
    throw new Error(`${mcpModule} was loaded by an agent that no MCP request reached`);
  });
}

const blueprint = testAgentBlueprint(
  { id: 'embedded-agent', name: 'EmbeddedAgent', routePrefix: 'embedded' },
  { auditScope: ['inference_calls'] },
);

describe('an agent on embedded backends', () => {
  it('imports the runtime, opens every layer, serves and closes without loading ioredis, pg, neo4j-driver, kysely or the MCP SDK', async () => {
    // Required here, after the mocks, so an eager import of a driver anywhere in the agent's modules fails the test.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createTestRuntime, serveAgent } = require('./index') as typeof import('./index');
    const runtime = await createTestRuntime(blueprint);
    const agent = serveAgent(runtime, { endpoints: [], modules: {} });
    try {
      await agent.runtime.memory.working.set('k', { v: 1 });
      const response = await agent.server.app.inject({ method: 'GET', url: '/embedded/health' });
      expect(response.statusCode).toBe(200);
    } finally {
      await agent.close();
    }
  });
});
