import { issueCallerToken } from '../caller/caller-token';
import {
  fixtureServer,
  IDENTITY,
  SECRET,
  settings,
  signedPacket,
  packet,
  T0,
} from './__fixtures__/agent-server-fixture';
import type { AgentServer } from './create-agent-server';
import type { GovernanceDecision, GovernanceGate } from './server-hooks';
import type { EndpointDefinition } from './server-options';

/** A gate that escalates when the payload's risk is above 0.5 and remembers what it was asked. */
class RecordingGate implements GovernanceGate {
  readonly decisions: GovernanceDecision[] = [];
  async evaluate(decision: GovernanceDecision) {
    this.decisions.push(decision);
    const risk = decision.payload['risk'];
    return typeof risk === 'number' && risk > 0.5
      ? {
          outcome: 'escalate' as const,
          escalation_id: `esc-${this.decisions.length}`,
          reason: 'risk above 0.5',
        }
      : { outcome: 'allow' as const };
  }
}

const endpoints: EndpointDefinition<unknown>[] = [
  {
    name: 'score',
    path: '/tensoraios/v6/score',
    method: 'POST',
    timeout_ms: 1000,
    handler: (payload: Record<string, unknown>) => ({ scored: payload['risk'] ?? null }),
  },
  {
    name: 'retrain',
    path: '/tensoraios/v6/retrain',
    method: 'POST',
    timeout_ms: 1000,
    requiredToken: { auth: 'admin_token', variable: 'L9_TOKEN_ADMIN_TOKEN', value: 'static-admin-token' },
    handler: () => ({ started: true }),
  },
  {
    name: 'status',
    path: '/tensoraios/v6/status',
    method: 'GET',
    timeout_ms: 1000,
    handler: () => ({ ok: true }),
  },
];

describe('declared endpoints with packet auth on', () => {
  const clock = { now: T0 };
  const gate = new RecordingGate();
  let server: AgentServer;
  const token = (
    caller: string,
    overrides: { agent?: string; secret?: string; ttlSeconds?: number; now?: number } = {},
  ) =>
    issueCallerToken({
      secret: overrides.secret ?? SECRET,
      caller,
      agent: overrides.agent ?? IDENTITY.id,
      ttlSeconds: overrides.ttlSeconds ?? 3600,
      now: () => overrides.now ?? clock.now,
    });
  const score = (payload: object, headers: Record<string, string> = {}) =>
    server.app.inject({ method: 'POST', url: '/tensoraios/v6/score', payload, headers });

  beforeAll(() => {
    server = fixtureServer({
      clock,
      endpoints,
      governance: gate,
      settings: settings({ rateLimit: { capacity: 2, refillPerSecond: 1 } }),
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    // A fresh rate-limit budget per test: the buckets refill while the clock moves on.
    clock.now += 3_600_000;
    gate.decisions.length = 0;
  });

  it('refuses an anonymous call with 401 saying how to get a caller token, before governance sees it', async () => {
    const response = await score({ risk: 0.9 });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="tensoraios", error="invalid_token"');
    expect(response.json()).toEqual({
      error: 'caller_token_required',
      message: expect.stringContaining('l9-runtime token --caller <name> --agent tensoraios'),
    });
    expect(gate.decisions).toEqual([]);
  });

  it('refuses forged, expired and wrong-audience tokens with 401, echoing neither token nor secret', async () => {
    const cases: Array<[string, string]> = [
      [await token('ops', { secret: 'someone-elses-secret-0123456789' }), 'not signed with this agent'],
      [await token('ops', { now: clock.now - 7200_000, ttlSeconds: 60 }), 'has expired'],
      [await token('ops', { agent: 'main-agent' }), 'not for agent tensoraios'],
      ['Zm9v.YmFy.YmF6', 'not a caller token'],
    ];
    for (const [presented, reason] of cases) {
      const response = await score({}, { authorization: `Bearer ${presented}` });
      expect([response.statusCode, response.json().error]).toEqual([401, 'invalid_caller_token']);
      expect(response.json().message).toContain(reason);
      expect(response.body).not.toContain(presented);
      expect(response.body).not.toContain(SECRET);
    }
    expect(gate.decisions).toEqual([]);
  });

  it('governs an authenticated call: the caller is the token subject, the held work names the endpoint, escalation answers 202', async () => {
    const headers = { authorization: `Bearer ${await token('ops-console')}` };
    const allowed = await score({ risk: 0.1 }, headers);
    expect([allowed.statusCode, allowed.json()]).toEqual([200, { scored: 0.1 }]);
    const escalated = await score(
      { risk: 0.9 },
      { ...headers, 'idempotency-key': 'order-42', 'l9-callback-url': 'https://ops.example/hooks/l9' },
    );
    expect(escalated.statusCode).toBe(202);
    expect(escalated.json()).toEqual({
      status: 'escalated',
      escalation_id: 'esc-2',
      reason: 'risk above 0.5',
      idempotency_key: 'order-42',
    });
    expect(gate.decisions[1]).toMatchObject({
      agent_id: 'tensoraios',
      action: 'score',
      packet_id: 'order-42',
      source_agent: 'ops-console',
      work: {
        kind: 'endpoint',
        endpoint: 'score',
        payload: { risk: 0.9 },
        caller: 'ops-console',
        callback_url: 'https://ops.example/hooks/l9',
      },
    });
    expect(gate.decisions[0]!.packet_id).toMatch(/^[0-9a-f-]{36}$/);
    const other = { authorization: `Bearer ${await token('another-console')}` };
    expect(
      (await score({ risk: 0.1 }, { ...other, 'l9-callback-url': 'file:///etc/passwd' })).json().error,
    ).toBe('invalid_callback_url');
  });

  it('rate limits per caller identity: separate buckets, and no fresh bucket for a changed body field', async () => {
    const alice = { authorization: `Bearer ${await token('alice')}` };
    const bob = { authorization: `Bearer ${await token('bob')}` };
    expect((await score({ risk: 0.1 }, alice)).statusCode).toBe(200);
    expect((await score({ risk: 0.1, source_agent: 'someone-else' }, alice)).statusCode).toBe(200);
    const limited = await score({ risk: 0.1, source_agent: 'yet-another', caller: 'bob' }, alice);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.json()).toMatchObject({ error: 'rate_limited', message: 'too many calls from alice' });
    expect((await score({ risk: 0.1 }, bob)).statusCode).toBe(200);
  });

  it('shares the bucket of an identity between its signed packets and its endpoint calls', async () => {
    const headers = { authorization: `Bearer ${await token('main-agent')}` };
    const send = () =>
      server.app.inject({
        method: 'POST',
        url: '/tensoraios/packets',
        payload: signedPacket({ timestamp: new Date(clock.now).toISOString(), payload: { risk: 0.1 } }),
      });
    expect((await send()).statusCode).toBe(200);
    expect((await score({ risk: 0.1 }, headers)).statusCode).toBe(200);
    expect((await send()).statusCode).toBe(429);
    expect((await score({ risk: 0.1 }, headers)).statusCode).toBe(429);
  });

  it('wants both the caller token and the endpoint token on an auth_required endpoint, compared in constant time', async () => {
    const caller = `Bearer ${await token('ops')}`;
    const retrain = (headers: Record<string, string>) =>
      server.app.inject({ method: 'POST', url: '/tensoraios/v6/retrain', payload: {}, headers });
    expect((await retrain({ authorization: 'Bearer static-admin-token' })).json().error).toBe(
      'invalid_caller_token',
    );
    const missing = await retrain({ authorization: caller });
    expect([missing.statusCode, missing.json().error]).toEqual([401, 'unauthorized']);
    expect(missing.json().message).toContain('L9-Endpoint-Token');
    expect(
      (await retrain({ authorization: caller, 'l9-endpoint-token': 'static-admin-token-but-longer' }))
        .statusCode,
    ).toBe(401);
    expect(
      (await retrain({ authorization: caller, 'l9-endpoint-token': 'static-admin-token' })).statusCode,
    ).toBe(200);
  });

  it('authenticates GET endpoints too, but does not govern reads', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/tensoraios/v6/status' })).statusCode).toBe(401);
    const response = await server.app.inject({
      method: 'GET',
      url: '/tensoraios/v6/status',
      headers: { authorization: `Bearer ${await token('ops')}` },
    });
    expect(response.statusCode).toBe(200);
    expect(gate.decisions).toEqual([]);
  });
});

describe('declared endpoints and packets with packet auth off', () => {
  const clock = { now: T0 };
  const gate = new RecordingGate();
  let server: AgentServer;
  const from = (remoteAddress: string, payload: object) =>
    server.app.inject({ method: 'POST', url: '/tensoraios/v6/score', payload, remoteAddress });

  beforeAll(() => {
    server = fixtureServer({
      clock,
      endpoints,
      governance: gate,
      settings: settings({ auth: { required: false }, rateLimit: { capacity: 2, refillPerSecond: 1 } }),
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    clock.now += 3_600_000;
    gate.decisions.length = 0;
  });

  it('keeps endpoints open but governed, with the client address as the caller', async () => {
    expect((await from('10.0.0.7', { risk: 0.9 })).statusCode).toBe(202);
    expect(gate.decisions[0]).toMatchObject({
      source_agent: 'address:10.0.0.7',
      work: { kind: 'endpoint', caller: 'address:10.0.0.7' },
    });
  });

  it('rate limits endpoint calls per client address', async () => {
    expect((await from('10.0.0.7', { risk: 0.1 })).statusCode).toBe(200);
    expect((await from('10.0.0.7', { risk: 0.1, source_agent: 'fresh-name' })).statusCode).toBe(200);
    expect((await from('10.0.0.7', { risk: 0.1 })).statusCode).toBe(429);
    expect((await from('10.0.0.8', { risk: 0.1 })).statusCode).toBe(200);
  });

  it('rate limits packets per client address, since an unsigned source_agent is only a claim', async () => {
    const send = (source_agent: string) =>
      server.app.inject({
        method: 'POST',
        url: '/tensoraios/packets',
        payload: packet({ source_agent, payload: { risk: 0.1 } }),
        remoteAddress: '10.0.0.9',
      });
    expect((await send('a')).statusCode).toBe(200);
    expect((await send('b')).statusCode).toBe(200);
    const limited = await send('c');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toBe('too many packets from 10.0.0.9');
  });
});
