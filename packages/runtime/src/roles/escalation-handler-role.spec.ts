import type { AgentRuntime } from '../agent/agent-runtime';
import { createTestRuntime } from '../agent/test-runtime';
import { EscalationHandlerRole } from './escalation-handler-role';
import { roleTestBlueprint } from './role-test-support';

describe('EscalationHandlerRole', () => {
  let runtime: AgentRuntime;
  let handler: EscalationHandlerRole;
  let escalationId: string;

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint());
    handler = new EscalationHandlerRole(runtime);
    const result = await runtime.governance.evaluate({ id: 'd-1', agent: 'scorer-agent', action: 'score', signals: { anomaly_score: 0.99 } });
    escalationId = result.escalation!.id;
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('lists paused escalations and lets an anchor approve one', async () => {
    expect((await handler.list('paused')).map((e) => e.id)).toEqual([escalationId]);
    const approved = await handler.approve(escalationId, 'Oversight Committee', 'anomaly explained');
    expect(approved.status).toBe('approved');
    expect(await handler.summary()).toEqual({ paused: 0, approved: 1, rejected: 0, overridden: 0 });
    expect((await handler.get(escalationId)).resolution?.by).toBe('Oversight Committee');
  });

  it('lets an anchor reject or override', async () => {
    expect((await handler.reject(escalationId, 'Chief Architect', 'too risky')).status).toBe('rejected');
    const second = await runtime.governance.evaluate({ id: 'd-2', agent: 'scorer-agent', action: 'score', signals: { anomaly_score: 0.99 } });
    expect((await handler.override(second.escalation!.id, 'Chief Architect', 'use 0.4', { score: 0.4 })).status).toBe('overridden');
    expect(await handler.list()).toHaveLength(2);
  });

  it('refuses someone who is not an anchor, audits the refusal and leaves the escalation paused', async () => {
    expect(handler.isAnchor('oversight  committee')).toBe(true);
    expect(handler.isAnchor('Mallory')).toBe(false);
    await expect(handler.approve(escalationId, 'Mallory', 'trust me')).rejects.toMatchObject({ code: 'not_an_anchor' });
    expect((await handler.get(escalationId)).status).toBe('paused');
    expect((await runtime.audit.verify()).checked).toBe(1);
  });

  it('refuses an override where the schema allows none', async () => {
    const strict = await createTestRuntime(roleTestBlueprint({ governance: { anchors: ['Chief Architect'], mode: 'supervised', humanoverride: false } }));
    try {
      const result = await strict.governance.evaluate({ id: 'd-3', agent: 'scorer-agent', action: 'score', signals: {} });
      await expect(new EscalationHandlerRole(strict).override(result.escalation!.id, 'Chief Architect', 'mine', 1)).rejects.toMatchObject({ code: 'override_disabled' });
    } finally {
      await strict.close();
    }
  });
});
