import type { AgentRuntime } from '../agent/agent-runtime';
import type { EndpointContract } from '../agent/endpoint-contract';
import { createTestRuntime } from '../agent/test-runtime';
import { ApiServerRole } from './api-server-role';
import { roleTestBlueprint } from './role-test-support';

const endpoints: EndpointContract[] = [
  { name: 'score', path: '/scorer/v1/score', method: 'POST', timeout_ms: 500, operation: 'tensor-scorer' },
  {
    name: 'retrain',
    path: '/scorer/v1/retrain',
    method: 'POST',
    timeout_ms: 5000,
    auth: 'governance_token',
    operation: null,
  },
];

describe('ApiServerRole', () => {
  let runtime: AgentRuntime;

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint(), { L9_PORT: '8100', L9_HOST: '127.0.0.1' });
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('lists the declared endpoints and the built-in routes under the route prefix', () => {
    const api = new ApiServerRole(runtime, { endpoints });
    expect(api.routes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /scorer/v1/score',
      'POST /scorer/v1/retrain',
      'GET /scorer/status',
      'GET /scorer/health',
      'POST /scorer/packets',
      'GET /metrics',
    ]);
    expect(api.find('POST', '/scorer/v1/score')).toMatchObject({
      kind: 'declared',
      operation: 'tensor-scorer',
      timeout_ms: 500,
    });
    expect(api.find('GET', '/scorer/v1/score')).toBeUndefined();
  });

  it('describes the agent and names endpoint tokens that are not configured', async () => {
    const description = new ApiServerRole(runtime, { endpoints }).describe();
    expect(description).toMatchObject({
      agent: { id: 'scorer-agent' },
      base_url: 'http://127.0.0.1:8100',
      missing_tokens: ['L9_TOKEN_GOVERNANCE_TOKEN'],
      operations: [],
    });
    const withToken = await createTestRuntime(roleTestBlueprint(), { L9_TOKEN_GOVERNANCE_TOKEN: 't' });
    try {
      expect(new ApiServerRole(withToken, { endpoints }).describe().missing_tokens).toEqual([]);
    } finally {
      await withToken.close();
    }
  });

  it('refuses an endpoint declared twice or over a built-in route', () => {
    expect(
      () => new ApiServerRole(runtime, { endpoints: [...endpoints, { ...endpoints[0]!, name: 'again' }] }),
    ).toThrow(/declares POST \/scorer\/v1\/score twice/);
    expect(
      () =>
        new ApiServerRole(runtime, {
          endpoints: [
            { name: 'status', path: '/scorer/status', method: 'GET', timeout_ms: 100, operation: null },
          ],
        }),
    ).toThrow(RangeError);
  });
});
