import Fastify, { type FastifyInstance } from 'fastify';
import type { JsonValue } from '../envelope/envelope-schema';
import { testAnchors } from './anchor-test-support';
import type { ResolutionAction } from './escalation-record';
import { Governance } from './governance';
import { registerGovernanceRoutes } from './governance-routes';
import { fixedClock, sequentialIds, TENSOR_POLICY } from './governance-test-support';
import { heldWorkDigest } from './held-work-digest';

const anchors = testAnchors(['Igor', 'System Oversight Committee']);
const signed = (anchor: string, id: string, action: ResolutionAction, reason: string, value?: JsonValue) =>
  anchors.sign(anchor, {
    agent: 'tensoraios',
    escalation_id: id,
    action,
    reason,
    ...(value !== undefined ? { value } : {}),
    iat: fixedClock().getTime() / 1000,
  });

describe('registerGovernanceRoutes', () => {
  let app: FastifyInstance;
  let governance: Governance;

  const start = async (options: Partial<ConstructorParameters<typeof Governance>[0]> = {}) => {
    governance = new Governance({
      policy: TENSOR_POLICY,
      clock: fixedClock,
      newId: sequentialIds(),
      anchorKeys: anchors.keys,
      ...options,
    });
    app = Fastify();
    registerGovernanceRoutes(app, governance, { prefix: '/tensoraios/' });
    await app.ready();
  };

  beforeEach(() => start());

  afterEach(async () => {
    await app.close();
  });

  let decisions = 0;
  const escalate = async (signals: Record<string, number | boolean>) =>
    (
      await governance.evaluate({
        id: `d-${++decisions}`,
        agent: 'tensoraios',
        action: 'score',
        signals: { confidence: 0.9, criticality: 0.2, anomaly_score: 0.1, drift_detected: false, ...signals },
      })
    ).escalation!;
  const resolve = (
    id: string,
    action: ResolutionAction,
    options: { resolution?: string; bearer?: string; payload?: unknown },
  ) =>
    app.inject({
      method: 'POST',
      url: `/tensoraios/escalations/${id}/${action}`,
      ...(options.bearer ? { headers: { authorization: `Bearer ${options.bearer}` } } : {}),
      payload: (options.payload ??
        (options.resolution !== undefined ? { resolution: options.resolution } : {})) as never,
    });

  it('lists escalations, filtered by status', async () => {
    const first = await escalate({ drift_detected: true });
    await escalate({ anomaly_score: 0.99 });
    await governance.approve(first.id, await signed('Igor', first.id, 'approve', 'ok'));
    const paused = await app.inject({ method: 'GET', url: '/tensoraios/escalations?status=paused' });
    expect(paused.statusCode).toBe(200);
    expect(paused.json()).toEqual({
      escalations: [expect.objectContaining({ id: 'esc-2' })],
      next_cursor: null,
    });
    const all = await app.inject({ method: 'GET', url: '/tensoraios/escalations' });
    expect(all.json().escalations).toHaveLength(2);
  });

  it('pages through escalations with limit and next_cursor, oldest first', async () => {
    for (let i = 0; i < 5; i += 1) await escalate({ drift_detected: true });
    const seen: string[] = [];
    let url = '/tensoraios/escalations?limit=2';
    for (let pages = 0; pages < 5; pages += 1) {
      const page = (await app.inject({ method: 'GET', url })).json() as {
        escalations: Array<{ id: string }>;
        next_cursor: string | null;
      };
      seen.push(...page.escalations.map((record) => record.id));
      if (page.next_cursor === null) break;
      url = `/tensoraios/escalations?limit=2&cursor=${page.next_cursor}`;
    }
    expect(seen).toEqual(['esc-1', 'esc-2', 'esc-3', 'esc-4', 'esc-5']);
  });

  it('answers 400 for an unknown status filter, a limit over the cap and a cursor it did not make', async () => {
    for (const [query, field] of [
      ['status=pending', 'query.status'],
      ['limit=101', 'query.limit: must be at most 100'],
      ['limit=0', 'query.limit'],
      ['cursor=abc', 'query.cursor'],
    ]) {
      const response = await app.inject({ method: 'GET', url: `/tensoraios/escalations?${query}` });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_input', message: expect.stringContaining(field!) });
    }
  });

  it('returns one escalation, or 404', async () => {
    const record = await escalate({ drift_detected: true });
    const found = await app.inject({ method: 'GET', url: `/tensoraios/escalations/${record.id}` });
    expect(found.json()).toEqual(record);
    const missing = await app.inject({ method: 'GET', url: '/tensoraios/escalations/esc-404' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'not_found', message: 'no escalation esc-404' });
  });

  it('shows the work_digest of held work, and takes only a resolution signed over it', async () => {
    const work = {
      kind: 'endpoint' as const,
      endpoint: 'score',
      payload: { drift_detected: true, amount: 12 },
      caller: 'scheduler',
    };
    const record = (
      await governance.evaluate(
        {
          id: 'd-held',
          agent: 'tensoraios',
          action: 'score',
          signals: { confidence: 0.9, criticality: 0.2, anomaly_score: 0.1, drift_detected: true },
        },
        { work },
      )
    ).escalation!;
    const shown = (
      await app.inject({ method: 'GET', url: `/tensoraios/escalations/${record.id}` })
    ).json() as { work_digest: string };
    expect(shown).toEqual({ ...record, work_digest: heldWorkDigest(work) });
    const listed = (await app.inject({ method: 'GET', url: '/tensoraios/escalations' })).json() as {
      escalations: Array<{ work_digest?: string }>;
    };
    expect(listed.escalations.map((item) => item.work_digest)).toEqual([shown.work_digest]);

    const blind = await resolve(record.id, 'approve', {
      resolution: await signed('Igor', record.id, 'approve', 'ok'),
    });
    const other = await resolve(record.id, 'approve', {
      resolution: await anchors.sign('Igor', {
        agent: 'tensoraios',
        escalation_id: record.id,
        action: 'approve',
        reason: 'ok',
        work_digest: heldWorkDigest({ ...work, payload: { amount: 9_000 } }),
        iat: fixedClock().getTime() / 1000,
      }),
    });
    for (const refused of [blind, other]) {
      expect([refused.statusCode, refused.json().error]).toEqual([403, 'resolution_refused']);
      expect(refused.json().message).toMatch(
        /read the escalation (again )?and sign the work_digest it shows/,
      );
      expect(refused.body).not.toMatch(/Igor|Oversight/);
    }
    const approved = await resolve(record.id, 'approve', {
      resolution: await anchors.sign('Igor', {
        agent: 'tensoraios',
        escalation_id: record.id,
        action: 'approve',
        reason: 'read it',
        work_digest: shown.work_digest,
        iat: fixedClock().getTime() / 1000,
      }),
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().escalation).toMatchObject({ status: 'approved', work_digest: shown.work_digest });
  });

  it('approves with a signed resolution in the body, then answers 409 to a second one', async () => {
    const record = await escalate({ drift_detected: true });
    const approved = await resolve(record.id, 'approve', {
      resolution: await signed('Igor', record.id, 'approve', 'checked by hand'),
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().escalation).toMatchObject({
      status: 'approved',
      resolution: { by: 'Igor', reason: 'checked by hand' },
    });
    const again = await resolve(record.id, 'reject', {
      resolution: await signed('Igor', record.id, 'reject', 'no'),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('already_resolved');
  });

  it('takes the resolution as a bearer credential too, and overrides with the signed value', async () => {
    const record = await escalate({ drift_detected: true });
    const response = await resolve(record.id, 'override', {
      bearer: await signed('System Oversight Committee', record.id, 'override', 'pin model', { model: 'v5' }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().escalation).toMatchObject({
      status: 'overridden',
      resolution: { override_value: { model: 'v5' } },
    });
  });

  it('answers 401 for a missing or malformed credential and 403 for a forged, stranger or unasked one, naming no anchor', async () => {
    const record = await escalate({ anomaly_score: 0.99 });
    const forged = await testAnchors(['System Oversight Committee']).sign('System Oversight Committee', {
      agent: 'tensoraios',
      escalation_id: record.id,
      action: 'approve',
      reason: 'ok',
      iat: fixedClock().getTime() / 1000,
    });
    const answers = [
      [await resolve(record.id, 'approve', {}), 401, 'missing_resolution'],
      [
        await resolve(record.id, 'approve', { payload: { anchor: 'Igor', reason: 'ok' } }),
        401,
        'missing_resolution',
      ],
      [await resolve(record.id, 'approve', { resolution: 'Igor' }), 401, 'malformed_resolution'],
      [await resolve(record.id, 'approve', { bearer: 'not.a.jws' }), 401, 'malformed_resolution'],
      [await resolve(record.id, 'approve', { resolution: forged }), 403, 'resolution_refused'],
      [
        await resolve(record.id, 'approve', { resolution: await signed('Igor', record.id, 'approve', 'ok') }),
        403,
        'resolution_refused',
      ],
      [
        await resolve(record.id, 'reject', {
          resolution: await signed('System Oversight Committee', record.id, 'approve', 'ok'),
        }),
        403,
        'resolution_refused',
      ],
    ] as const;
    for (const [response, status, error] of answers) {
      expect([response.statusCode, response.json().error]).toEqual([status, error]);
      expect(response.body).not.toMatch(/Igor|Oversight/);
    }
    expect(answers[0][0].headers['www-authenticate']).toBe('Bearer realm="l9-anchors"');
    expect((await governance.get(record.id)).status).toBe('paused');
  });

  it('refuses every resolution while no anchor keys are configured, saying what to set', async () => {
    await app.close();
    await start({ anchorKeys: undefined });
    const record = await escalate({ drift_detected: true });
    const response = await resolve(record.id, 'approve', {
      resolution: await signed('Igor', record.id, 'approve', 'ok'),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      error: 'anchor_keys_not_configured',
      message: expect.stringContaining('set L9_ANCHORS_FILE'),
    });
  });

  it('answers 404 for an unknown id', async () => {
    const unknown = await resolve('nope', 'approve', {
      resolution: await signed('Igor', 'nope', 'approve', 'x'),
    });
    expect(unknown.statusCode).toBe(404);
  });
});
