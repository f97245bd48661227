import type { AgentBlueprint } from '../../../../runtime/src/agent/agent-blueprint';
import { serveAgent, type RunningAgent } from '../../../../runtime/src/agent/serve-agent';
import { createTestRuntime } from '../../../../runtime/src/agent/test-runtime';
import { a2aLeg } from './a2a-leg';
import { InspectionClient } from './inspection-client';
import { matrixCallerToken } from './matrix-caller-token';
import type { MatrixPeer } from './pair-check';

const SECRET = 'a2a-leg-spec-packet-secret-0123456789';

function blueprint(id: string, mode: AgentBlueprint['governance']['mode'], policy?: string): AgentBlueprint {
  return {
    identity: { id, name: id, version: '1.0.0', routePrefix: id.replace(/-/g, '') },
    port: 0,
    governance: {
      anchors: ['Reviewer'],
      mode,
      humanoverride: false,
      ...(policy ? { escalationpolicy: policy } : {}),
    },
    memory: {},
    auditScope: [],
    featureFlags: { L9_ENABLE_INSPECTION: true },
    peers: [],
  };
}

/** Two agents of another shape than the example: a hybrid pricing desk with a rule, a supervised archive. */
describe('the integration matrix A2A leg', () => {
  const agents: RunningAgent<object>[] = [];
  const peers = new Map<string, MatrixPeer>();

  beforeAll(async () => {
    for (const [bp, endpoint] of [
      [
        blueprint('pricing-desk', 'hybrid', 'Escalate if: discount > 0.3'),
        {
          name: 'quote',
          path: '/pricingdesk/v1/quote',
          method: 'POST' as const,
          timeout_ms: 1_000,
          operation: null,
        },
      ],
      [
        blueprint('archive', 'supervised'),
        {
          name: 'store_record',
          path: '/archive/v1/records',
          method: 'POST' as const,
          timeout_ms: 1_000,
          operation: null,
        },
      ],
    ] as const) {
      const agent = serveAgent(await createTestRuntime(bp, { L9_PACKET_SECRET: SECRET }), {
        endpoints: [endpoint],
        modules: {},
      });
      agents.push(agent);
      const port = Number(new URL(await agent.listen(0, '127.0.0.1')).port);
      const client = new InspectionClient(
        { id: bp.identity.id, name: bp.identity.name, port, routePrefix: bp.identity.routePrefix },
        matrixCallerToken(SECRET, bp.identity.id),
      );
      peers.set(bp.identity.id, { client, profile: await client.profile() });
    }
  });

  afterAll(async () => {
    for (const agent of agents) await agent.close();
  });

  it('passes when the receiver completes the task (its calm signals keep its rule quiet)', async () => {
    const leg = await a2aLeg(
      peers.get('archive')!,
      peers.get('pricing-desk')!,
      matrixCallerToken(SECRET, 'pricing-desk', 'archive'),
    );
    expect(leg).toMatchObject({
      status: 'pass',
      failures: [],
      packet_id: expect.stringMatching(/^a2a-task:/),
    });
  });

  it('passes when a supervised receiver holds the task for its anchors, with the escalation listed', async () => {
    const leg = await a2aLeg(
      peers.get('pricing-desk')!,
      peers.get('archive')!,
      matrixCallerToken(SECRET, 'archive', 'pricing-desk'),
    );
    expect(leg).toMatchObject({ status: 'pass', failures: [] });
  });

  it('fails, saying why, when the sender has no valid caller token', async () => {
    const leg = await a2aLeg(
      peers.get('archive')!,
      peers.get('pricing-desk')!,
      matrixCallerToken('another-secret-0123456789abcdef', 'pricing-desk', 'archive'),
    );
    expect(leg.status).toBe('fail');
    expect(leg.failures.join(' ')).toMatch(/401.*invalid_caller_token/s);
  });
});
