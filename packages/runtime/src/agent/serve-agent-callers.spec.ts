import { issueCallerToken } from '../caller/caller-token';
import { testAgentBlueprint } from '../testing/test-agent-blueprint';
import { serveAgent, type RunningAgent } from './serve-agent';
import { createTestRuntime } from './test-runtime';

const SECRET = 'ecosystem-packet-secret-0123456789';
const blueprint = testAgentBlueprint(
  {
    id: 'scorer-agent',
    name: 'ScorerAgent',
    routePrefix: 'scorer',
    escalationpolicy: 'Auto-escalate if: anomaly score > 0.95',
  },
  { auditScope: ['inference_calls'], featureFlags: { L9_ENABLE_AUDIT_LOG: true } },
);
const endpoints = [
  { name: 'score', path: '/scorer/v1/score', method: 'POST' as const, timeout_ms: 500, operation: null },
];

describe('serveAgent with packet auth on (L9_PACKET_SECRET)', () => {
  let agent: RunningAgent<object>;

  beforeEach(async () => {
    agent = serveAgent(await createTestRuntime(blueprint, { L9_PACKET_SECRET: SECRET }), {
      endpoints,
      modules: {},
    });
  });

  afterEach(async () => {
    await agent.close();
  });

  const score = (payload: object, token?: string) =>
    agent.server.app.inject({
      method: 'POST',
      url: '/scorer/v1/score',
      payload,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });

  it('refuses an anonymous call to a declared endpoint and serves one with a caller token for this agent', async () => {
    const anonymous = await score({ anomaly_score: 0.1 });
    expect([anonymous.statusCode, anonymous.json().error]).toEqual([401, 'caller_token_required']);
    const elsewhere = await score(
      { anomaly_score: 0.1 },
      await issueCallerToken({ secret: SECRET, caller: 'ops', agent: 'main-agent' }),
    );
    expect([elsewhere.statusCode, elsewhere.json().error]).toEqual([401, 'invalid_caller_token']);
    const token = await issueCallerToken({ secret: SECRET, caller: 'ops', agent: 'scorer-agent' });
    expect((await score({ anomaly_score: 0.1 }, token)).statusCode).toBe(200);
  });

  it('escalates a call whose threshold signal is a string or missing, with that reason, to a paused escalation', async () => {
    const token = await issueCallerToken({ secret: SECRET, caller: 'ops', agent: 'scorer-agent' });
    const mistyped = await score({ anomaly_score: '0.99' }, token);
    expect(mistyped.statusCode).toBe(202);
    expect(mistyped.json().reason).toContain('signal anomaly_score is a string, rule needs a number');
    const missing = await score({ note: 'no signals' }, token);
    expect(missing.statusCode).toBe(202);
    expect(missing.json().reason).toContain('signal anomaly_score missing');
    expect(await agent.runtime.governance.get(missing.json().escalation_id)).toMatchObject({
      status: 'paused',
      triggers: ['signal:anomaly_score:missing'],
    });
  });

  it("shows escalations, which hold callers' payloads, only to a caller with a token for this agent", async () => {
    const token = await issueCallerToken({ secret: SECRET, caller: 'ops', agent: 'scorer-agent' });
    const held = await score({ anomaly_score: 0.99, secret_plan: 'hold me' }, token);
    const id = held.json().escalation_id as string;
    for (const url of ['/scorer/escalations', `/scorer/escalations/${id}`]) {
      const anonymous = await agent.server.app.inject({ method: 'GET', url });
      expect([anonymous.statusCode, anonymous.json().error]).toEqual([401, 'caller_token_required']);
      expect(anonymous.body).not.toContain('hold me');
      const forged = await agent.server.app.inject({
        method: 'GET',
        url,
        headers: {
          authorization: `Bearer ${await issueCallerToken({ secret: 'another-secret-0123456789abcdef', caller: 'ops', agent: 'scorer-agent' })}`,
        },
      });
      expect(forged.statusCode).toBe(401);
      const allowed = await agent.server.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(allowed.statusCode).toBe(200);
      expect(allowed.body).toContain('hold me');
    }
  });
});
