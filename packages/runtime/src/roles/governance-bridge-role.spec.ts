import type { AgentRuntime } from '../agent/agent-runtime';
import { createTestRuntime } from '../agent/test-runtime';
import { GovernanceError } from '../governance/governance-error';
import { testAnchors } from '../governance/anchor-test-support';
import { anchorSigner } from '../testing/anchor-signer';
import { GovernanceBridgeRole } from './governance-bridge-role';
import { CALM_SIGNALS, roleTestBlueprint } from './role-test-support';
import { violatingSignals } from './violating-signals';

const anchors = testAnchors(['Chief Architect', 'Oversight Committee', 'Somebody Else']);
const anchorsFile = anchors.writeJwksFile();

describe('GovernanceBridgeRole', () => {
  let runtime: AgentRuntime;
  let bridge: GovernanceBridgeRole;
  const signed = anchorSigner(anchors, 'scorer-agent', () => runtime.governance);

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint(), { L9_ANCHORS_FILE: anchorsFile });
    bridge = new GovernanceBridgeRole(runtime);
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('lets a decision within the policy proceed and audits it', async () => {
    const decision = await bridge.decide('score', {
      model_confidence: 0.9,
      criticality: 0.9,
      anomaly_score: 0.1,
    });
    expect(decision).toEqual({ outcome: 'proceed', action: 'score', missing_signals: [] });
    expect((await runtime.audit.verify()).checked).toBe(1);
    expect(bridge.mode).toBe('hybrid');
  });

  it('escalates a decision that meets a parsed rule to the anchors, paused until an anchor answers', async () => {
    const rule = runtime.governance.policy.rules[0]!;
    const decision = await bridge.decide('score', violatingSignals(rule));
    expect(decision.outcome).toBe('escalated');
    if (decision.outcome !== 'escalated') return;
    expect(decision.rules).toEqual([rule.id]);
    expect(decision.waiting_on).toEqual(['Chief Architect', 'Oversight Committee']);
    expect((await bridge.pending()).map((e) => e.id)).toEqual([decision.escalation.id]);

    const id = decision.escalation.id;
    await expect(
      bridge.resolve(id, 'approve', await signed('Somebody Else', id, 'approve', 'looks fine')),
    ).rejects.toBeInstanceOf(GovernanceError);
    expect(await bridge.pending()).toHaveLength(1);

    const resolved = await bridge.resolve(
      id,
      'override',
      await signed('Chief Architect', id, 'override', 'manual score', { score: 0.5 }),
    );
    expect(resolved).toMatchObject({
      status: 'overridden',
      resolution: { by: 'Chief Architect', override_value: { score: 0.5 } },
    });
    expect(await bridge.pending()).toEqual([]);
    expect((await runtime.audit.verify()).ok).toBe(true);
  });

  it('escalates on a governance flag in hybrid mode and refuses resolving twice', async () => {
    const decision = await bridge.decide('retrain', CALM_SIGNALS, {
      flags: ['requires_approval'],
      traceId: 'a'.repeat(32),
    });
    expect(decision).toMatchObject({ outcome: 'escalated', triggers: ['flag:requires_approval'], rules: [] });
    if (decision.outcome !== 'escalated') return;
    const id = decision.escalation.id;
    await bridge.resolve(id, 'reject', await signed('Oversight Committee', id, 'reject', 'not now'));
    await expect(
      bridge.resolve(id, 'approve', await signed('Oversight Committee', id, 'approve', 'changed my mind')),
    ).rejects.toMatchObject({ code: 'already_resolved' });
  });
});

describe('violatingSignals', () => {
  it('meets every kind of comparison and group', () => {
    expect(violatingSignals({ id: 'a', metric: 'x', op: '<', threshold: 1 })).toEqual({ x: 0 });
    expect(violatingSignals({ id: 'a', metric: 'x', op: '>', threshold: 1 })).toEqual({ x: 2 });
    expect(violatingSignals({ id: 'a', metric: 'x', op: '>=', threshold: 1 })).toEqual({ x: 1 });
    expect(violatingSignals({ id: 'a', metric: 'x', op: '!=', threshold: 1 })).toEqual({ x: 2 });
    expect(violatingSignals({ id: 'a', metric: 'x', op: '==', threshold: true })).toEqual({ x: true });
    expect(violatingSignals({ id: 'a', metric: 'x', op: '!=', threshold: true })).toEqual({ x: false });
    expect(
      violatingSignals({
        id: 'g',
        any: [
          { id: 'b', metric: 'y', op: '<=', threshold: 3 },
          { id: 'c', metric: 'z', op: '>', threshold: 0 },
        ],
      }),
    ).toEqual({ y: 3 });
    expect(
      violatingSignals({
        id: 'g',
        all: [
          { id: 'b', metric: 'y', op: '<', threshold: 0.6 },
          { id: 'c', metric: 'z', op: '>', threshold: 0.8 },
        ],
      }),
    ).toEqual({ y: -0.4, z: 1.8 });
  });
});
