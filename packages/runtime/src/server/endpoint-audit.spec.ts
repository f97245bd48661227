import { issueCallerToken } from '../caller/caller-token';
import {
  fixtureServer,
  IDENTITY,
  MemoryAudit,
  SECRET,
  settings,
  T0,
} from './__fixtures__/agent-server-fixture';
import type { AgentServer } from './create-agent-server';
import type { GovernanceDecision, GovernanceGate, GovernanceVerdict } from './server-hooks';
import type { EndpointDefinition } from './server-options';

/** Escalates a risk above 0.5, denies a risk of exactly 1, allows the rest. */
class RiskGate implements GovernanceGate {
  async evaluate(decision: GovernanceDecision): Promise<GovernanceVerdict> {
    const risk = decision.payload['risk'];
    if (risk === 1) return { outcome: 'deny', reason: 'risk 1 is never allowed' };
    if (typeof risk === 'number' && risk > 0.5)
      return { outcome: 'escalate', escalation_id: 'esc-1', reason: 'risk above 0.5' };
    return { outcome: 'allow' };
  }
}

describe('declared endpoint calls on the audit log', () => {
  const clock = { now: T0 };
  const audit = new MemoryAudit();
  const ran: unknown[] = [];
  const endpoints: EndpointDefinition<unknown>[] = [
    {
      name: 'score',
      path: '/tensoraios/v6/score',
      method: 'POST',
      timeout_ms: 1000,
      handler: (payload: Record<string, unknown>) => (ran.push(payload), { scored: true }),
    },
    {
      name: 'status',
      path: '/tensoraios/v6/status',
      method: 'GET',
      timeout_ms: 1000,
      handler: () => (ran.push('status'), { ok: true }),
    },
  ];
  let server: AgentServer;
  let bearer: string;

  beforeAll(async () => {
    server = fixtureServer({
      clock,
      endpoints,
      audit,
      governance: new RiskGate(),
      settings: settings({ rateLimit: { capacity: 3, refillPerSecond: 1 } }),
    });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    // A fresh rate-limit budget per test (the buckets refill while the clock moves on), and a token valid then.
    clock.now += 3_600_000;
    bearer = `Bearer ${await issueCallerToken({ secret: SECRET, caller: 'ops-desk', agent: IDENTITY.id, now: () => clock.now })}`;
    audit.entries.length = 0;
    audit.failing = false;
    ran.length = 0;
  });

  const score = (payload: object, headers: Record<string, string> = {}) =>
    server.app.inject({
      method: 'POST',
      url: '/tensoraios/v6/score',
      payload,
      headers: { authorization: bearer, ...headers },
    });

  it('records an allowed call before answering it: the verified caller, the endpoint, its door, its id and the verdict', async () => {
    const response = await score({ risk: 0.1 }, { 'idempotency-key': 'order-7' });
    expect(response.statusCode).toBe(200);
    expect(audit.entries).toEqual([
      {
        action: 'endpoint.called',
        at: new Date(clock.now).toISOString(),
        call_id: 'order-7',
        endpoint: 'score',
        door: 'http',
        caller: 'ops-desk',
        governance: 'allow',
      },
    ]);
  });

  it('records escalated and denied calls with their verdict, as packets are, and runs neither', async () => {
    expect((await score({ risk: 0.9 })).statusCode).toBe(202);
    expect((await score({ risk: 1 })).statusCode).toBe(403);
    expect(audit.entries.map((entry) => [entry.action, entry.governance])).toEqual([
      ['endpoint.called', 'escalate'],
      ['endpoint.called', 'deny'],
    ]);
    expect(ran).toEqual([]);
  });

  it('leaves calls refused before governance off the log (no caller, over the rate), as packets', async () => {
    const anonymous = await server.app.inject({
      method: 'POST',
      url: '/tensoraios/v6/score',
      payload: { risk: 0.1 },
    });
    expect(anonymous.statusCode).toBe(401);
    const statuses = [];
    for (let call = 0; call < 4; call += 1) statuses.push((await score({ risk: 0.1 })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(audit.entries).toHaveLength(3);
  });

  it('records an ungoverned read as not evaluated', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/tensoraios/v6/status',
      headers: { authorization: bearer },
    });
    expect(response.statusCode).toBe(200);
    expect(audit.entries).toEqual([
      expect.objectContaining({ endpoint: 'status', door: 'http', governance: 'not_evaluated' }),
    ]);
  });

  it('answers 503 and runs nothing when the audit log cannot take the entry', async () => {
    audit.failing = true;
    const response = await score({ risk: 0.1 });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: 'backend_unavailable', message: /audit is unavailable/ });
    expect(ran).toEqual([]);
  });

  it('names the door and the id another protocol gives the call', async () => {
    const request = { headers: { authorization: bearer }, ip: '127.0.0.1', log: server.app.log } as never;
    const outcome = await server.callEndpoint(
      'score',
      request,
      { risk: 0.1 },
      {
        door: 'a2a',
        idempotencyKey: 'a2a-task:t-1',
        taskId: 't-1',
      },
    );
    expect(outcome?.statusCode).toBe(200);
    expect(audit.entries).toEqual([
      expect.objectContaining({ call_id: 'a2a-task:t-1', door: 'a2a', task_id: 't-1', caller: 'ops-desk' }),
    ]);
  });
});
