import type { AgentBlueprint } from './agent-blueprint';
import type { EndpointContract } from './endpoint-contract';
import { heldWorkRunner } from './held-work-runner';
import { serveAgent, type RunningAgent } from './serve-agent';
import { createTestRuntime } from './test-runtime';

const blueprint: AgentBlueprint = {
  identity: { id: 'ranker-agent', name: 'RankerAgent', version: '1.0.0', routePrefix: 'ranker' },
  port: 0,
  governance: { anchors: ['Igor'], mode: 'autonomous', humanoverride: false },
  memory: {},
  auditScope: [],
  featureFlags: { L9_ENABLE_AUDIT_LOG: true },
  peers: [],
};

const candidates = {
  type: 'array',
  items: {
    type: 'object',
    required: ['id', 'score'],
    properties: { id: { type: 'string' }, score: { type: 'number' } },
  },
};

const endpoints: EndpointContract[] = [
  {
    name: 'rank_candidates',
    path: '/ranker/v1/rank',
    method: 'POST',
    timeout_ms: 500,
    operation: 'ranker',
    request: {
      type: 'object',
      required: ['candidates'],
      properties: { candidates, order: { enum: ['asc', 'desc'] } },
    },
    response: {
      type: 'object',
      required: ['ranked'],
      properties: { ranked: { type: 'array', items: { type: 'string' } } },
    },
  },
  {
    name: 'broken_rank',
    path: '/ranker/v1/broken',
    method: 'POST',
    timeout_ms: 500,
    operation: 'sloppy',
    response: {
      type: 'object',
      required: ['ranked'],
      properties: { ranked: { type: 'array', items: { type: 'string' } } },
    },
  },
];

describe('serveAgent with typed endpoint contracts', () => {
  let agent: RunningAgent<Record<string, unknown>>;
  let ranked = 0;

  beforeEach(async () => {
    const runtime = await createTestRuntime(blueprint);
    ranked = 0;
    const ranker = {
      name: 'ranker',
      async handle(input: { candidates: { id: string; score: number }[]; order?: string }) {
        ranked += 1;
        const sorted = [...input.candidates].sort((a, b) =>
          input.order === 'asc' ? a.score - b.score : b.score - a.score,
        );
        return { ranked: sorted.map((c) => c.id) };
      },
    };
    // Answers a number where the contract promises strings.
    const sloppy = { name: 'sloppy', handle: async () => ({ ranked: [1, 'b'], secret_note: 'internal' }) };
    runtime.operations.register(ranker as never);
    runtime.operations.register(sloppy as never);
    agent = serveAgent(runtime, { endpoints, modules: { ranker, sloppy } });
  });

  afterEach(async () => {
    await agent.close();
  });

  it('runs the module for a call that meets its request and response schemas', async () => {
    const response = await agent.server.app.inject({
      method: 'POST',
      url: '/ranker/v1/rank',
      payload: {
        candidates: [
          { id: 'a', score: 0.2 },
          { id: 'b', score: 0.9 },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ranked: ['b', 'a'] });
  });

  it('refuses a request off its schema with 400 naming the bad field, before the module runs', async () => {
    const response = await agent.server.app.inject({
      method: 'POST',
      url: '/ranker/v1/rank',
      payload: {
        candidates: [
          { id: 'a', score: 0.2 },
          { id: 'b', score: 'high' },
        ],
        order: 'up',
      },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error).toBe('invalid_payload');
    expect(body.message).toContain('/candidates/1/score: must be number');
    expect(body.issues).toEqual([
      { path: '/candidates/1/score', message: 'must be number' },
      { path: '/order', message: 'must be one of "asc", "desc"' },
    ]);
    expect(body).not.toHaveProperty('stack');
    expect(ranked).toBe(0);
  });

  it('answers 500 response_contract_violation, not the answer, when a module breaks its response schema', async () => {
    const response = await agent.server.app.inject({ method: 'POST', url: '/ranker/v1/broken', payload: {} });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ error: 'response_contract_violation' });
    expect(response.body).not.toContain('internal');
  });

  it('holds approved work to the same response schema as a live call', async () => {
    const runner = heldWorkRunner(agent.runtime, endpoints, () => ({ payload: {} }));
    const escalation = { id: 'esc-1', decision: { packet_id: 'call-1' } } as never;
    await expect(
      runner.run(
        {
          kind: 'endpoint',
          endpoint: 'rank_candidates',
          payload: { candidates: [{ id: 'x', score: 1 }] },
          caller: 'tester',
        },
        escalation,
      ),
    ).resolves.toEqual({ ranked: ['x'] });
    await expect(
      runner.run({ kind: 'endpoint', endpoint: 'broken_rank', payload: {}, caller: 'tester' }, escalation),
    ).rejects.toThrow(
      'broken_rank answered outside its response schema (response_contract_violation): /ranked/0: must be string',
    );
  });

  it('refuses to build an agent whose contract holds a schema that cannot compile', async () => {
    const runtime = await createTestRuntime(blueprint);
    const broken: EndpointContract[] = [
      { ...endpoints[0]!, request: { type: 'object', properties: { x: { $ref: '#/$defs/nowhere' } } } },
    ];
    try {
      expect(() => serveAgent(runtime, { endpoints: broken, modules: {} })).toThrow(
        /endpoint rank_candidates: its request schema cannot be compiled/,
      );
    } finally {
      await runtime.close();
    }
  });
});
