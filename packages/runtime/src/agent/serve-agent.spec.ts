import { createEnvelope } from '../envelope/create-envelope';
import { testAgentBlueprint } from '../testing/test-agent-blueprint';
import { createTestRuntime } from './test-runtime';
import { serveAgent, type RunningAgent } from './serve-agent';
import { DomainInputError } from './operation-registry';

const blueprint = testAgentBlueprint(
  { id: 'scorer-agent', name: 'ScorerAgent', routePrefix: 'scorer' },
  { auditScope: ['inference_calls'], featureFlags: { L9_ENABLE_AUDIT_LOG: true } },
);

const endpoints = [
  { name: 'score', path: '/scorer/v1/score', method: 'POST' as const, timeout_ms: 500, operation: 'scorer' },
  {
    name: 'status_report',
    path: '/scorer/v1/report',
    method: 'GET' as const,
    timeout_ms: 500,
    operation: null,
  },
  {
    name: 'retrain',
    path: '/scorer/v1/retrain',
    method: 'POST' as const,
    timeout_ms: 500,
    auth: 'governance_token',
    operation: null,
  },
];

describe('serveAgent', () => {
  let agent: RunningAgent<{ scorer: { name: string } }>;

  beforeEach(async () => {
    const runtime = await createTestRuntime(blueprint, { L9_TOKEN_GOVERNANCE_TOKEN: 'secret-token' });
    const scorer = {
      name: 'scorer',
      async handle(input: Record<string, unknown>) {
        if (typeof input['value'] !== 'number') throw new DomainInputError('value must be a number');
        return { score: (input['value'] as number) * 2 };
      },
    };
    runtime.operations.register(scorer as never);
    agent = serveAgent(runtime, { endpoints, modules: { scorer } });
  });

  afterEach(async () => {
    await agent.close();
  });

  it('serves a declared endpoint through its domain operation', async () => {
    const response = await agent.server.app.inject({
      method: 'POST',
      url: '/scorer/v1/score',
      payload: { value: 21, confidence: 0.9 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ score: 42 });
  });

  it('answers 400 when the domain logic refuses the input, and for a body that is not an object', async () => {
    expect(
      (
        await agent.server.app.inject({
          method: 'POST',
          url: '/scorer/v1/score',
          payload: { value: 'x', confidence: 0.9 },
        })
      ).json(),
    ).toMatchObject({ error: 'invalid_input' });
    expect(
      (
        await agent.server.app.inject({
          method: 'POST',
          url: '/scorer/v1/score',
          payload: '[1]',
          headers: { 'content-type': 'application/json' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('acknowledges an endpoint without a domain module and records it as an episode', async () => {
    const response = await agent.server.app.inject({ method: 'GET', url: '/scorer/v1/report?window=7' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ operation: 'status_report', accepted: true });
    expect(await agent.runtime.memory.episodic.query({ kind: 'operation.status_report' })).toHaveLength(1);
  });

  it('requires the endpoint token where the schema asks for one, before governance sees the call', async () => {
    const calm = { confidence: 0.9 };
    expect(
      (await agent.server.app.inject({ method: 'POST', url: '/scorer/v1/retrain', payload: calm }))
        .statusCode,
    ).toBe(401);
    const wrong = await agent.server.app.inject({
      method: 'POST',
      url: '/scorer/v1/retrain',
      payload: {},
      headers: { authorization: 'Bearer wrong' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain('secret-token');
    expect(await agent.runtime.governance.list()).toEqual([]);
    expect(
      (
        await agent.server.app.inject({
          method: 'POST',
          url: '/scorer/v1/retrain',
          payload: calm,
          headers: { authorization: 'Bearer secret-token' },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await agent.server.app.inject({
          method: 'POST',
          url: '/scorer/v1/retrain',
          payload: calm,
          headers: { 'l9-endpoint-token': 'secret-token' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('governs a declared endpoint call like a packet: an escalating payload answers 202 with the escalation id', async () => {
    const response = await agent.server.app.inject({
      method: 'POST',
      url: '/scorer/v1/score',
      payload: { value: 1, confidence: 0.2 },
      headers: { 'idempotency-key': 'call-1' },
    });
    expect(response.statusCode).toBe(202);
    const body = response.json();
    expect(body).toMatchObject({
      status: 'escalated',
      idempotency_key: 'call-1',
      reason: expect.stringContaining('escalate-1'),
    });
    const record = await agent.runtime.governance.get(body.escalation_id);
    expect(record).toMatchObject({ status: 'paused', decision: { action: 'score', packet_id: 'call-1' } });
    const unread = await agent.server.app.inject({
      method: 'POST',
      url: '/scorer/v1/score',
      payload: { value: 1, confidence: '0.9' },
    });
    expect(unread.statusCode).toBe(202);
    expect(unread.json().reason).toContain('signal confidence is a string, rule needs a number');
  });

  it('runs a packet through audit, governance and the operation its type names', async () => {
    const envelope = createEnvelope({
      packet_type: 'scorer',
      source_agent: 'tester',
      destination_agent: 'scorer-agent',
      payload: { value: 2, confidence: 0.9 },
    });
    const response = await agent.server.app.inject({
      method: 'POST',
      url: '/scorer/packets',
      payload: envelope,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().payload).toEqual({ score: 4 });
    const audit = await agent.runtime.audit.verify();
    expect(audit.ok).toBe(true);
    expect(audit.checked).toBe(1);
    expect(await agent.runtime.memory.episodic.query({ packet_id: envelope.packet_id })).toHaveLength(1);
  });

  it('escalates a packet whose signals meet the schema policy to the anchors, paused', async () => {
    const envelope = createEnvelope({
      packet_type: 'scorer',
      source_agent: 'tester',
      destination_agent: 'scorer-agent',
      payload: { value: 2, confidence: 0.2 },
    });
    const response = await agent.server.app.inject({
      method: 'POST',
      url: '/scorer/packets',
      payload: envelope,
    });
    expect(response.statusCode).toBe(202);
    const paused = await agent.runtime.governance.list({ status: 'paused' });
    expect(paused).toHaveLength(1);
    expect(paused[0]!.anchors).toEqual(['Igor']);
  });

  it('lists escalations for the anchors under the agent prefix, and keeps inspection off by default', async () => {
    const envelope = createEnvelope({
      packet_type: 'scorer',
      source_agent: 'tester',
      destination_agent: 'scorer-agent',
      payload: { value: 1 },
      governance_flags: ['requires_approval'],
    });
    const escalated = await agent.server.app.inject({
      method: 'POST',
      url: '/scorer/packets',
      payload: envelope,
    });
    expect(escalated.statusCode).toBe(202);
    const listed = await agent.server.app.inject({ method: 'GET', url: '/scorer/escalations?status=paused' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().escalations).toEqual([
      expect.objectContaining({ id: escalated.json().payload.escalation_id, status: 'paused' }),
    ]);
    expect((await agent.server.app.inject({ method: 'GET', url: '/scorer/inspection' })).statusCode).toBe(
      404,
    );
  });

  it('reports every runtime backend in health', async () => {
    const response = await agent.server.app.inject({ method: 'GET', url: '/scorer/health' });
    expect(response.statusCode).toBe(200);
    expect(
      response
        .json()
        .backends.map((b: { name: string }) => b.name)
        .sort(),
    ).toEqual(expect.arrayContaining(['memory']));
  });
});
