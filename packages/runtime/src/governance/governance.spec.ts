import type { JsonValue } from '../envelope/envelope-schema';
import { testAnchors } from './anchor-test-support';
import type { ResolutionAction } from './escalation-record';
import { Governance } from './governance';
import { fixedClock, sequentialIds, TENSOR_POLICY } from './governance-test-support';
import { heldWorkDigest } from './held-work-digest';
import type { AuditRecord } from '../audit/audit-types';
import { LogChannel, type EscalationLogLine } from './log-channel';
import type { GovernanceNotification, NotificationChannel } from './notification-channel';

const anchors = testAnchors(['Igor', 'System Oversight Committee']);

function governance(overrides: Partial<ConstructorParameters<typeof Governance>[0]> = {}): Governance {
  return new Governance({
    policy: TENSOR_POLICY,
    clock: fixedClock,
    newId: sequentialIds(),
    anchorKeys: anchors.keys,
    ...overrides,
  });
}

/** A resolution signed by `anchor` for escalation `id` of agent tensoraios, at the fixed clock's time. */
const signed = (anchor: string, id: string, action: ResolutionAction, reason: string, value?: JsonValue) =>
  anchors.sign(anchor, {
    agent: 'tensoraios',
    escalation_id: id,
    action,
    reason,
    ...(value !== undefined ? { value } : {}),
    iat: fixedClock().getTime() / 1000,
  });

/** Every signal of TENSOR_POLICY, of the right type, meeting no rule. */
const CALM = { confidence: 0.9, criticality: 0.2, anomaly_score: 0.1, drift_detected: false };

/** A decision whose signals are CALM with `signals` over them (`undefined` removes one). */
const decision = (signals: Record<string, unknown>, flags?: string[]) => ({
  id: 'd-1',
  agent: 'tensoraios',
  action: 'score',
  signals: Object.fromEntries(
    Object.entries({ ...CALM, ...signals }).filter(([, value]) => value !== undefined),
  ),
  governance_flags: flags,
  packet_id: 'p-1',
});

class RecordingChannel implements NotificationChannel {
  readonly received: GovernanceNotification[] = [];
  constructor(readonly name = 'recording') {}
  async send(notification: GovernanceNotification): Promise<void> {
    this.received.push(notification);
  }
}

describe('Governance', () => {
  it('lets a decision proceed when no rule matches in hybrid mode', async () => {
    const result = await governance().evaluate(
      decision({ confidence: 0.9, criticality: 0.9, anomaly_score: 0.1, drift_detected: false }),
    );
    expect(result).toEqual({
      outcome: 'proceed',
      matched_rules: [],
      missing_signals: [],
      signal_problems: [],
      notifications: [],
    });
  });

  it('escalates a decision that leaves out a signal a rule compares, saying which', async () => {
    const gov = governance();
    const result = await gov.evaluate(decision({ anomaly_score: undefined }));
    expect(result.outcome).toBe('escalated');
    expect(result.matched_rules).toEqual([]);
    expect(result.missing_signals).toEqual(['anomaly_score']);
    expect(result.signal_problems).toEqual([
      {
        signal: 'anomaly_score',
        problem: 'missing',
        expected: 'number',
        message: 'signal anomaly_score missing',
      },
    ]);
    expect(result.escalation).toMatchObject({
      status: 'paused',
      triggers: ['signal:anomaly_score:missing'],
      anchors: ['Igor', 'System Oversight Committee'],
    });
    expect((await gov.get(result.escalation!.id)).status).toBe('paused');
  });

  it('escalates a threshold signal sent as a string instead of comparing or dropping it', async () => {
    const result = await governance().evaluate(decision({ anomaly_score: '0.99' }));
    expect(result.outcome).toBe('escalated');
    expect(result.signal_problems).toEqual([
      {
        signal: 'anomaly_score',
        problem: 'mistyped',
        expected: 'number',
        actual: 'string',
        message: 'signal anomaly_score is a string, rule needs a number',
      },
    ]);
    expect(result.escalation!.triggers).toEqual(['signal:anomaly_score:mistyped']);
  });

  it('escalates on null, arrays and objects, and on a boolean rule given a number, even in autonomous mode', async () => {
    const autonomous = governance({ policy: { ...TENSOR_POLICY, mode: 'autonomous' } });
    const result = await autonomous.evaluate(
      decision({ confidence: null, criticality: [0.9], drift_detected: 1 }),
    );
    expect(result.signal_problems.map((problem) => problem.message)).toEqual([
      'signal confidence is a null, rule needs a number',
      'signal criticality is an array, rule needs a number',
      'signal drift_detected is a number, rule needs a boolean',
    ]);
    expect(result.escalation!.triggers).toEqual([
      'signal:confidence:mistyped',
      'signal:criticality:mistyped',
      'signal:drift_detected:mistyped',
    ]);
  });

  it('reports an unreadable signal of an AND group even when the other side already fails', async () => {
    const result = await governance().evaluate(decision({ confidence: 0.9, criticality: undefined }));
    expect(result.outcome).toBe('escalated');
    expect(result.escalation!.triggers).toEqual(['signal:criticality:missing']);
  });

  it('escalates on an AND rule and persists a paused record for all anchors', async () => {
    const gov = governance();
    const result = await gov.evaluate(decision({ confidence: 0.5, criticality: 0.9 }));
    expect(result.outcome).toBe('escalated');
    expect(result.matched_rules.map((rule) => rule.id)).toEqual(['low-confidence-critical']);
    expect(result.missing_signals).toEqual([]);
    expect(result.escalation).toMatchObject({
      id: 'esc-1',
      status: 'paused',
      anchors: ['Igor', 'System Oversight Committee'],
      triggers: [],
      created_at: '2025-06-01T12:00:00.000Z',
      decision: { id: 'd-1', packet_id: 'p-1' },
    });
    expect(await gov.list({ status: 'paused' })).toEqual([result.escalation]);
  });

  it('does not escalate when only one side of an AND rule holds', async () => {
    expect((await governance().evaluate(decision({ confidence: 0.5, criticality: 0.2 }))).outcome).toBe(
      'proceed',
    );
  });

  it('routes a rule with its own anchors to those anchors only', async () => {
    const result = await governance().evaluate(decision({ anomaly_score: 0.99 }));
    expect(result.escalation!.anchors).toEqual(['System Oversight Committee']);
  });

  it('escalates on an explicit governance flag in hybrid mode, but not in autonomous mode', async () => {
    const hybrid = await governance().evaluate(decision({}, ['requires_approval', 'audited']));
    expect(hybrid.escalation!.triggers).toEqual(['flag:requires_approval']);
    const autonomous = governance({ policy: { ...TENSOR_POLICY, mode: 'autonomous' } });
    expect((await autonomous.evaluate(decision({}, ['requires_approval']))).outcome).toBe('proceed');
    expect((await autonomous.evaluate(decision({ drift_detected: true }))).outcome).toBe('escalated');
  });

  it('escalates every decision in supervised mode', async () => {
    const supervised = governance({ policy: { ...TENSOR_POLICY, mode: 'supervised' } });
    const result = await supervised.evaluate(decision({ confidence: 0.99 }));
    expect(result.escalation).toMatchObject({ triggers: ['mode:supervised'], matched_rules: [] });
  });

  it('lets a listed anchor approve once with a signed resolution, kept with its signature', async () => {
    const gov = governance();
    const { escalation } = await gov.evaluate(decision({ drift_detected: true }));
    const signature = await signed('Igor', escalation!.id, 'approve', 'drift is expected after retraining');
    const { escalation: approved } = await gov.approve(escalation!.id, signature);
    expect(approved).toMatchObject({
      status: 'approved',
      resolution: {
        by: 'Igor',
        at: '2025-06-01T12:00:00.000Z',
        reason: 'drift is expected after retraining',
        signature,
        issued_at: '2025-06-01T12:00:00.000Z',
      },
    });
    await expect(
      gov.reject(escalation!.id, await signed('Igor', escalation!.id, 'reject', 'second thoughts')),
    ).rejects.toMatchObject({
      code: 'already_resolved',
      message: expect.stringContaining('already approved by Igor'),
    });
    expect(await gov.list({ status: 'paused' })).toEqual([]);
  });

  it('takes an approval of held work only when signed over the digest of the work it holds, and audits that digest', async () => {
    const audited: AuditRecord[] = [];
    const gov = governance({ audit: { append: async (record: AuditRecord) => audited.push(record) } });
    const work = {
      kind: 'endpoint' as const,
      endpoint: 'score',
      payload: { drift_detected: true },
      caller: 'scheduler',
    };
    const { escalation } = await gov.evaluate(decision({ drift_detected: true }), { work });
    const id = escalation!.id;
    const at = fixedClock().getTime() / 1000;
    await expect(gov.approve(id, await signed('Igor', id, 'approve', 'blind'))).rejects.toMatchObject({
      code: 'resolution_refused',
      message: expect.stringContaining('carries no work_digest'),
    });
    const forOther = await anchors.sign('Igor', {
      agent: 'tensoraios',
      escalation_id: id,
      action: 'approve',
      reason: 'other',
      work_digest: heldWorkDigest({ ...work, caller: 'someone-else' }),
      iat: at,
    });
    await expect(gov.approve(id, forOther)).rejects.toMatchObject({
      code: 'resolution_refused',
      message: expect.stringContaining('signed for other work'),
    });
    expect(audited).toEqual([]);
    const { escalation: approved } = await gov.approve(
      id,
      await anchors.sign('Igor', {
        agent: 'tensoraios',
        escalation_id: id,
        action: 'approve',
        reason: 'read it',
        held: escalation!,
        iat: at,
      }),
    );
    expect(approved.status).toBe('approved');
    expect(audited).toEqual([
      expect.objectContaining({
        action: 'governance.approve',
        subject: id,
        data: expect.objectContaining({ work_digest: heldWorkDigest(work) }),
      }),
    ]);
  });

  it('refuses an anchor the escalation does not wait on, and a stranger, with the same answer naming nobody', async () => {
    const gov = governance();
    const { escalation } = await gov.evaluate(decision({ anomaly_score: 0.99 }));
    const mallory = testAnchors(['Mallory']);
    const credentials = [
      await signed('Igor', escalation!.id, 'approve', 'ok'),
      await mallory.sign('Mallory', {
        agent: 'tensoraios',
        escalation_id: escalation!.id,
        action: 'approve',
        reason: 'ok',
        iat: fixedClock().getTime() / 1000,
      }),
    ];
    for (const credential of credentials) {
      await expect(gov.approve(escalation!.id, credential)).rejects.toMatchObject({
        code: 'resolution_refused',
        message: 'the resolution is not signed by an anchor this escalation waits on',
      });
    }
    expect((await gov.get(escalation!.id)).status).toBe('paused');
  });

  it('records an override with its value, and refuses overrides when the policy forbids them', async () => {
    const gov = governance();
    const { escalation } = await gov.evaluate(decision({ drift_detected: true }));
    const { escalation: overridden } = await gov.override(
      escalation!.id,
      await signed('System Oversight Committee', escalation!.id, 'override', 'use the previous model', {
        model: 'v5',
      }),
    );
    expect(overridden).toMatchObject({
      status: 'overridden',
      resolution: { by: 'System Oversight Committee', override_value: { model: 'v5' } },
    });

    const strict = governance({ policy: { ...TENSOR_POLICY, humanoverride: false } });
    const held = await strict.evaluate(decision({ drift_detected: true }));
    await expect(
      strict.override(held.escalation!.id, await signed('Igor', held.escalation!.id, 'override', 'x', 1)),
    ).rejects.toMatchObject({
      code: 'override_disabled',
    });
  });

  it('explains bad input: unknown escalation, missing or unsigned resolution, malformed decision', async () => {
    const gov = governance();
    await expect(gov.approve('nope', await signed('Igor', 'nope', 'approve', 'x'))).rejects.toMatchObject({
      code: 'not_found',
    });
    const { escalation } = await gov.evaluate(decision({ drift_detected: true }));
    await expect(gov.approve(escalation!.id, ' ')).rejects.toMatchObject({ code: 'missing_resolution' });
    await expect(gov.approve(escalation!.id, 'Igor')).rejects.toMatchObject({ code: 'malformed_resolution' });
    await expect(gov.evaluate({ ...decision({}), action: '' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('decision.action'),
    });
  });

  it('rejects a policy whose rule names an unknown anchor or mixes a comparison with a group', () => {
    expect(() =>
      governance({
        policy: {
          ...TENSOR_POLICY,
          rules: [{ id: 'r', metric: 'x', op: '>', threshold: 1, anchors: ['Nobody'] }],
        },
      }),
    ).toThrow('rule r names "Nobody"');
    expect(() =>
      governance({
        policy: {
          ...TENSOR_POLICY,
          rules: [
            {
              id: 'r',
              metric: 'x',
              op: '>',
              threshold: 1,
              all: [{ id: 'a', metric: 'y', op: '<', threshold: 2 }],
            },
          ],
        },
      }),
    ).toThrow('give either metric/op/threshold or all/any');
  });

  it('notifies channels on creation and resolution, through a log sink', async () => {
    const lines: EscalationLogLine[] = [];
    const recording = new RecordingChannel();
    const gov = governance({ channels: [new LogChannel((line) => lines.push(line)), recording] });
    const { escalation, notifications } = await gov.evaluate(decision({ drift_detected: true }));
    expect(notifications).toEqual([
      { channel: 'log', ok: true },
      { channel: 'recording', ok: true },
    ]);
    await gov.reject(escalation!.id, await signed('Igor', escalation!.id, 'reject', 'not safe'));
    expect(lines).toEqual([
      expect.objectContaining({
        event: 'escalation.created',
        escalation_id: 'esc-1',
        matched_rules: ['drift'],
        status: 'paused',
      }),
      expect.objectContaining({
        event: 'escalation.resolved',
        status: 'rejected',
        resolved_by: 'Igor',
        reason: 'not safe',
      }),
    ]);
    expect(recording.received.map((notification) => notification.type)).toEqual([
      'escalation.created',
      'escalation.resolved',
    ]);
  });

  it('keeps the decision when a channel fails, and records and logs the failure', async () => {
    const warnings: unknown[] = [];
    const logger = { warn: (object: unknown) => warnings.push(object) } as never;
    const failing: NotificationChannel = {
      name: 'pager',
      send: async () => {
        throw new Error('pager offline');
      },
    };
    const recording = new RecordingChannel();
    const gov = governance({ channels: [failing, recording], logger });
    const result = await gov.evaluate(decision({ drift_detected: true }));
    expect(result.outcome).toBe('escalated');
    expect(result.notifications).toEqual([
      { channel: 'pager', ok: false, error: 'pager offline' },
      { channel: 'recording', ok: true },
    ]);
    expect(await gov.get(result.escalation!.id)).toMatchObject({ status: 'paused' });
    expect(warnings).toEqual([
      expect.objectContaining({ channel: 'pager', error: 'pager offline', event: 'escalation.created' }),
    ]);
  });

  it('writes warn and info lines through a pino logger', async () => {
    const pino = (await import('pino')).default;
    const chunks: string[] = [];
    const logger = pino({ level: 'info' }, { write: (chunk: string) => chunks.push(chunk) });
    const gov = governance({ channels: [new LogChannel(logger)] });
    const { escalation } = await gov.evaluate(decision({ drift_detected: true }));
    await gov.approve(escalation!.id, await signed('Igor', escalation!.id, 'approve', 'fine'));
    const records = chunks.map((chunk) => JSON.parse(chunk));
    expect(records.map((record) => [record.level, record.msg, record.event])).toEqual([
      [40, 'decision escalated to governance anchors', 'escalation.created'],
      [30, 'escalation resolved', 'escalation.resolved'],
    ]);
  });

  it('reports the health of its store', async () => {
    expect(await governance().health()).toEqual({
      name: 'governance-escalations',
      kind: 'memory',
      status: 'up',
    });
  });
});
