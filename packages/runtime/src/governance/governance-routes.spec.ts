import Fastify, { type FastifyInstance } from 'fastify';
import { Governance } from './governance';
import { registerGovernanceRoutes } from './governance-routes';
import { compliantSignals } from '../roles/compliant-signals';
import { fixedClock, sequentialIds, TENSOR_POLICY } from './governance-test-support';

describe('registerGovernanceRoutes', () => {
  let app: FastifyInstance;
  let governance: Governance;

  beforeEach(async () => {
    governance = new Governance({ policy: TENSOR_POLICY, clock: fixedClock, newId: sequentialIds() });
    app = Fastify();
    registerGovernanceRoutes(app, governance, { prefix: '/tensoraios/' });
    await app.ready();
  });

  afterEach(async () => {
    await app.close();
  });

  const escalate = async (signals: Record<string, number | boolean>) =>
    (await governance.evaluate({ id: 'd', agent: 'tensoraios', action: 'score', signals: { ...compliantSignals(TENSOR_POLICY.rules ?? []), ...signals } })).escalation!;

  it('lists escalations, filtered by status', async () => {
    const first = await escalate({ drift_detected: true });
    await escalate({ anomaly_score: 0.99 });
    await governance.approve(first.id, { anchor: 'Igor', reason: 'ok' });
    const paused = await app.inject({ method: 'GET', url: '/tensoraios/escalations?status=paused' });
    expect(paused.statusCode).toBe(200);
    expect(paused.json().escalations.map((record: { id: string }) => record.id)).toEqual(['esc-2']);
    const all = await app.inject({ method: 'GET', url: '/tensoraios/escalations' });
    expect(all.json().escalations).toHaveLength(2);
  });

  it('answers 400 for an unknown status filter', async () => {
    const response = await app.inject({ method: 'GET', url: '/tensoraios/escalations?status=pending' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid_input', message: expect.stringContaining('query.status') });
  });

  it('returns one escalation, or 404', async () => {
    const record = await escalate({ drift_detected: true });
    const found = await app.inject({ method: 'GET', url: `/tensoraios/escalations/${record.id}` });
    expect(found.json()).toEqual(record);
    const missing = await app.inject({ method: 'GET', url: '/tensoraios/escalations/esc-404' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'not_found', message: 'no escalation esc-404' });
  });

  it('approves, then answers 409 to a second resolution', async () => {
    const record = await escalate({ drift_detected: true });
    const approved = await app.inject({
      method: 'POST',
      url: `/tensoraios/escalations/${record.id}/approve`,
      payload: { anchor: 'Igor', reason: 'checked by hand' },
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().escalation).toMatchObject({ status: 'approved', resolution: { by: 'Igor', reason: 'checked by hand' } });
    const again = await app.inject({
      method: 'POST',
      url: `/tensoraios/escalations/${record.id}/reject`,
      payload: { anchor: 'Igor', reason: 'no' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('already_resolved');
  });

  it('overrides with a value', async () => {
    const record = await escalate({ drift_detected: true });
    const response = await app.inject({
      method: 'POST',
      url: `/tensoraios/escalations/${record.id}/override`,
      payload: { anchor: 'System Oversight Committee', reason: 'pin model', value: { model: 'v5' } },
    });
    expect(response.json().escalation).toMatchObject({ status: 'overridden', resolution: { override_value: { model: 'v5' } } });
  });

  it('answers 403 for someone who is not an anchor of the escalation', async () => {
    const record = await escalate({ anomaly_score: 0.99 });
    const response = await app.inject({
      method: 'POST',
      url: `/tensoraios/escalations/${record.id}/approve`,
      payload: { anchor: 'Igor', reason: 'ok' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'not_an_anchor', message: expect.stringContaining('System Oversight Committee') });
  });

  it('answers 400 for a body without reason or with unknown fields, and 404 for an unknown id', async () => {
    const record = await escalate({ drift_detected: true });
    const noReason = await app.inject({ method: 'POST', url: `/tensoraios/escalations/${record.id}/approve`, payload: { anchor: 'Igor' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toContain('body.reason');
    const extra = await app.inject({
      method: 'POST',
      url: `/tensoraios/escalations/${record.id}/reject`,
      payload: { anchor: 'Igor', reason: 'x', approve: true },
    });
    expect(extra.statusCode).toBe(400);
    const unknown = await app.inject({ method: 'POST', url: '/tensoraios/escalations/nope/approve', payload: { anchor: 'Igor', reason: 'x' } });
    expect(unknown.statusCode).toBe(404);
  });
});
