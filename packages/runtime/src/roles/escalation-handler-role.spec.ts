import type { AgentRuntime } from '../agent/agent-runtime';
import { createTestRuntime } from '../agent/test-runtime';
import { testAnchors } from '../governance/anchor-test-support';
import { anchorSigner } from '../testing/anchor-signer';
import { EscalationHandlerRole } from './escalation-handler-role';
import { roleTestBlueprint } from './role-test-support';

const anchors = testAnchors(['Chief Architect', 'Oversight Committee']);
const anchorsFile = anchors.writeJwksFile();

describe('EscalationHandlerRole', () => {
  let runtime: AgentRuntime;
  let handler: EscalationHandlerRole;
  let escalationId: string;
  const signed = anchorSigner(anchors, 'scorer-agent', () => runtime.governance);

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint(), { L9_ANCHORS_FILE: anchorsFile });
    handler = new EscalationHandlerRole(runtime);
    const result = await runtime.governance.evaluate({
      id: 'd-1',
      agent: 'scorer-agent',
      action: 'score',
      signals: { anomaly_score: 0.99 },
    });
    escalationId = result.escalation!.id;
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('lists paused escalations and lets an anchor approve one, audited with its signature', async () => {
    expect((await handler.list('paused')).map((e) => e.id)).toEqual([escalationId]);
    const signature = await signed('Oversight Committee', escalationId, 'approve', 'anomaly explained');
    const approved = await handler.approve(escalationId, signature);
    expect(approved.status).toBe('approved');
    expect(await handler.summary()).toEqual({ paused: 0, approved: 1, rejected: 0, overridden: 0 });
    expect((await handler.get(escalationId)).resolution?.by).toBe('Oversight Committee');
    const entries = await runtime.audit.entries();
    expect(entries.map((entry) => [entry.action, entry.subject])).toEqual([
      ['governance.approve', escalationId],
    ]);
    expect(entries[0]!.data).toEqual({
      anchor: 'Oversight Committee',
      action: 'approve',
      reason: 'anomaly explained',
      iat: expect.any(Number),
      signature,
    });
  });

  it('lets an anchor reject or override', async () => {
    expect(
      (
        await handler.reject(
          escalationId,
          await signed('Chief Architect', escalationId, 'reject', 'too risky'),
        )
      ).status,
    ).toBe('rejected');
    const second = await runtime.governance.evaluate({
      id: 'd-2',
      agent: 'scorer-agent',
      action: 'score',
      signals: { anomaly_score: 0.99 },
    });
    const secondId = second.escalation!.id;
    expect(
      (
        await handler.override(
          secondId,
          await signed('Chief Architect', secondId, 'override', 'use 0.4', { score: 0.4 }),
        )
      ).status,
    ).toBe('overridden');
    expect(await handler.list()).toHaveLength(2);
  });

  it('refuses someone who is not an anchor, audits the refusal and leaves the escalation paused', async () => {
    expect(handler.isAnchor('oversight  committee')).toBe(true);
    expect(handler.isAnchor('Mallory')).toBe(false);
    const mallory = await testAnchors(['Mallory']).sign('Mallory', {
      agent: 'scorer-agent',
      escalation_id: escalationId,
      action: 'approve',
      reason: 'trust me',
    });
    await expect(handler.approve(escalationId, mallory)).rejects.toMatchObject({
      code: 'resolution_refused',
    });
    expect((await handler.get(escalationId)).status).toBe('paused');
    expect((await runtime.audit.verify()).checked).toBe(1);
  });

  it('refuses an override where the schema allows none', async () => {
    const strict = await createTestRuntime(
      roleTestBlueprint({
        governance: { anchors: ['Chief Architect'], mode: 'supervised', humanoverride: false },
      }),
      { L9_ANCHORS_FILE: anchorsFile },
    );
    try {
      const result = await strict.governance.evaluate({
        id: 'd-3',
        agent: 'scorer-agent',
        action: 'score',
        signals: {},
      });
      const id = result.escalation!.id;
      await expect(
        new EscalationHandlerRole(strict).override(
          id,
          await signed('Chief Architect', id, 'override', 'mine', 1, strict.governance),
        ),
      ).rejects.toMatchObject({ code: 'override_disabled' });
    } finally {
      await strict.close();
    }
  });
});
