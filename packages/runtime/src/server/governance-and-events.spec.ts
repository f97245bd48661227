import { verifyEnvelope } from '../envelope/sign-envelope';
import { fixtureServer, MemoryAudit, SECRET, signedPacket } from './__fixtures__/agent-server-fixture';
import type { EventPublisher, GovernanceDecision, GovernanceGate, GovernanceVerdict } from './server-hooks';
import { BackendUnavailableError } from './backend-unavailable-error';

class ScriptedGovernance implements GovernanceGate {
  readonly decisions: GovernanceDecision[] = [];
  constructor(private readonly verdict: (decision: GovernanceDecision) => GovernanceVerdict) {}
  async evaluate(decision: GovernanceDecision): Promise<GovernanceVerdict> {
    this.decisions.push(decision);
    return this.verdict(decision);
  }
}

describe('packets under governance, with an event stream', () => {
  const audit = new MemoryAudit();
  const published: { topic: string; event: unknown }[] = [];
  const events: EventPublisher = {
    publish: async (topic, event) => {
      published.push({ topic, event });
      if (event['packet_type'] === 'flaky.stream') throw new Error('stream down');
    },
  };
  const governance = new ScriptedGovernance((decision) => {
    if (decision.governance_flags.includes('forbidden'))
      return { outcome: 'deny', reason: 'forbidden by anchor policy' };
    if (decision.priority === 'critical')
      return { outcome: 'escalate', escalation_id: 'esc-1', reason: 'critical actions need an anchor' };
    return { outcome: 'allow' };
  });
  let handlerCalls = 0;
  const server = fixtureServer({
    audit,
    governance,
    events,
    packetHandler: (envelope) => {
      handlerCalls += 1;
      if (envelope.packet_type === 'needs.database')
        throw new BackendUnavailableError('episodic-log', 'connection lost');
      if (envelope.packet_type === 'broken') throw new Error('division by zero');
      return { payload: { ok: true }, packet_type: 'score.response' };
    },
  });
  afterAll(() => server.close());
  const post = (body: unknown) =>
    server.app.inject({ method: 'POST', url: '/tensoraios/packets', payload: body as object });

  it('asks governance with the packet facts, audits the verdict, and publishes the outcome', async () => {
    const request = signedPacket({ governance_flags: ['pii'] });
    const response = await post(request);
    expect(response.statusCode).toBe(200);
    expect(response.json().packet_type).toBe('score.response');
    expect(governance.decisions.at(-1)).toEqual({
      agent_id: 'tensoraios',
      action: 'score.request',
      packet_id: request.packet_id,
      source_agent: 'main-agent',
      priority: 'normal',
      governance_flags: ['pii'],
      payload: request.payload,
      work: { kind: 'packet', envelope: request },
    });
    expect(audit.entries.at(-1)).toMatchObject({ packet_id: request.packet_id, governance: 'allow' });
    expect(published.at(-1)).toEqual({
      topic: 'packet.processed',
      event: expect.objectContaining({
        packet_id: request.packet_id,
        response_packet_id: response.json().packet_id,
        status: 200,
      }),
    });
  });

  it('refuses a denied packet with 403 without running the handler, keeping the denial in the audit log', async () => {
    const before = handlerCalls;
    const request = signedPacket({ governance_flags: ['forbidden'] });
    const response = await post(request);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      error: 'governance_denied',
      message: 'forbidden by anchor policy',
      packet_id: request.packet_id,
    });
    expect(handlerCalls).toBe(before);
    expect(audit.entries.at(-1)).toMatchObject({ packet_id: request.packet_id, governance: 'deny' });
  });

  it('answers an escalated packet with 202 and a signed envelope naming the escalation', async () => {
    const before = handlerCalls;
    const response = await post(signedPacket({ priority: 'critical' }));
    expect(response.statusCode).toBe(202);
    const answer = response.json();
    expect(answer).toMatchObject({
      packet_type: 'governance.escalated',
      payload: { status: 'escalated', escalation_id: 'esc-1' },
    });
    expect(verifyEnvelope(answer, SECRET).status).toBe('ok');
    expect(handlerCalls).toBe(before);
  });

  it('maps a handler that loses its backend to 503 and a crash to 500, without stack traces', async () => {
    const unavailable = await post(signedPacket({ packet_type: 'needs.database' }));
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.json()).toEqual({
      error: 'backend_unavailable',
      message: 'episodic-log is unavailable: connection lost',
    });
    const crashed = await post(signedPacket({ packet_type: 'broken' }));
    expect(crashed.statusCode).toBe(500);
    expect(crashed.json()).toEqual({
      error: 'handler_error',
      message: 'packet handler failed while processing the packet',
    });
  });

  it('still answers 200 when publishing the event fails, and counts the failure', async () => {
    const response = await post(signedPacket({ packet_type: 'flaky.stream' }));
    expect(response.statusCode).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(
      await server.metrics.registry.getSingleMetricAsString('l9_event_publish_failures_total'),
    ).toContain('l9_event_publish_failures_total{agent="tensoraios"} 1');
  });
});
