import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { AuditEntry, AuditRecord } from '../audit/audit-types';
import type { JsonValue } from '../envelope/envelope-schema';
import { testAnchors } from './anchor-test-support';
import type { EscalationRecord, OutcomeDelivery } from './escalation-record';
import { FileEscalationStore } from './file-escalation-store';
import { Governance } from './governance';
import { TENSOR_POLICY } from './governance-test-support';
import type { HeldWorkRunner, OutcomeDeliverer } from './held-work-settlement';

const anchors = testAnchors(['Igor', 'System Oversight Committee']);
const work = {
  kind: 'endpoint' as const,
  endpoint: 'score',
  payload: { drift_detected: true },
  caller: 'tester',
};

/** Governance over one escalation file, as one run of an agent would open it. */
function run(path: string): {
  governance: Governance;
  ran: EscalationRecord[];
  delivered: EscalationRecord[];
  errors: string[];
  attach(result?: JsonValue): void;
} {
  const errors: string[] = [];
  const logger = pino(
    { level: 'error' },
    { write: (line: string) => errors.push((JSON.parse(line) as { msg: string }).msg) },
  );
  const governance = new Governance({
    policy: TENSOR_POLICY,
    store: new FileEscalationStore({ path }),
    anchorKeys: anchors.keys,
    logger,
  });
  const ran: EscalationRecord[] = [];
  const delivered: EscalationRecord[] = [];
  return {
    governance,
    ran,
    delivered,
    errors,
    attach(result: JsonValue = { ok: true }) {
      const runner: HeldWorkRunner = { run: async (_work, record) => (ran.push(record), result) };
      const deliverer: OutcomeDeliverer = {
        deliver: async (record): Promise<OutcomeDelivery[]> => (
          delivered.push(record),
          [{ channel: 'event-stream', ok: true }]
        ),
      };
      governance.attachWork(runner, deliverer);
    },
  };
}

describe('held work across restarts (file store)', () => {
  let directory: string;
  let path: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'l9-settle-'));
    path = join(directory, 'escalations.jsonl');
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  const escalate = async (governance: Governance, packetId: string) =>
    (
      await governance.evaluate(
        {
          id: packetId,
          agent: 'tensoraios',
          action: 'score',
          signals: { confidence: 0.9, criticality: 0.2, anomaly_score: 0.1, drift_detected: true },
          packet_id: packetId,
        },
        { work },
      )
    ).escalation!;
  const approve = async (governance: Governance, id: string) =>
    governance.approve(
      id,
      await anchors.sign('Igor', {
        agent: 'tensoraios',
        escalation_id: id,
        action: 'approve',
        reason: 'ok',
        held: await governance.get(id),
      }),
    );

  it('runs work approved by a run that stopped before running it, once, at the next start', async () => {
    const first = run(path);
    const id = (await escalate(first.governance, 'p-1')).id;
    // No runner attached: the approval is stored, the work waits, as if the process died right after the answer.
    expect((await approve(first.governance, id)).escalation).toMatchObject({ status: 'approved' });
    expect((await first.governance.get(id)).outcome).toBeUndefined();
    await first.governance.close();

    const second = run(path);
    second.attach({ score: 1 });
    expect(await second.governance.resumeHeldWork()).toEqual({ ran: [id], interrupted: [], delivered: [id] });
    expect(await second.governance.get(id)).toMatchObject({
      outcome: { state: 'completed', result: { score: 1 } },
      delivered_at: expect.any(String),
    });
    expect(await second.governance.resumeHeldWork()).toEqual({ ran: [], interrupted: [], delivered: [] });
    await second.governance.close();

    const third = run(path);
    third.attach();
    expect(await third.governance.resumeHeldWork()).toEqual({ ran: [], interrupted: [], delivered: [] });
    expect(second.ran).toHaveLength(1);
    expect(third.ran).toHaveLength(0);
    await third.governance.close();
  });

  it('marks work a run left running as interrupted instead of running it again, and says so', async () => {
    const first = run(path);
    const id = (await escalate(first.governance, 'p-2')).id;
    await approve(first.governance, id);
    // The crash: the work was claimed (it may have had effects) but never finished.
    const crashed = new FileEscalationStore({ path });
    await crashed.claim(id, '2025-06-01T12:00:00.000Z');
    await crashed.close();
    await first.governance.close();

    const second = run(path);
    second.attach();
    expect(await second.governance.resumeHeldWork()).toEqual({ ran: [], interrupted: [id], delivered: [id] });
    expect(second.ran).toEqual([]);
    expect(second.delivered.map((record) => record.outcome)).toEqual([
      { state: 'interrupted', at: expect.any(String), error: expect.stringContaining('it is not run again') },
    ]);
    await second.governance.close();
  });

  it('answers a resent packet id with the escalation that holds it, across a restart', async () => {
    const first = run(path);
    const held = await escalate(first.governance, 'p-3');
    await first.governance.close();
    const second = run(path);
    const again = await second.governance.evaluate(
      {
        id: 'p-3',
        agent: 'tensoraios',
        action: 'score',
        signals: { drift_detected: true },
        packet_id: 'p-3',
      },
      { work },
    );
    expect(again).toMatchObject({ outcome: 'escalated', resent: true, escalation: { id: held.id } });
    expect(await second.governance.list()).toHaveLength(1);
    await second.governance.close();
  });
  it('does not run work again that the audit log shows started, when the escalation store lost its outcome (restored from an older copy)', async () => {
    const audit: AuditEntry[] = [];
    const auditLog = {
      append: async (record: AuditRecord) =>
        void audit.push({
          seq: audit.length + 1,
          at: '',
          agent: record.agent,
          action: record.action,
          subject: record.subject ?? null,
          data: (record.data ?? null) as JsonValue,
          prev_hash: '',
          hash: '',
        }),
      entries: async () => audit,
    };
    const first = new Governance({
      policy: TENSOR_POLICY,
      store: new FileEscalationStore({ path }),
      anchorKeys: anchors.keys,
      audit: auditLog,
    });
    const ran: string[] = [];
    const runner: HeldWorkRunner = { run: async (_work, record) => (ran.push(record.id), { ok: true }) };
    const deliverer: OutcomeDeliverer = { deliver: async () => [] };
    first.attachWork(runner, deliverer);
    const id = (await escalate(first, 'p-restored')).id;
    await approve(first, id);
    expect(ran).toEqual([id]);
    const done = await first.get(id);
    expect(done.outcome?.state).toBe('completed');
    await first.close();

    // An older copy of the escalation file: approved, no outcome yet. Only the audit log remembers the run.
    const olderCopy = join(directory, 'restored.jsonl');
    const restored = new FileEscalationStore({ path: olderCopy });
    const { outcome: _outcome, delivered_at: _at, deliveries: _deliveries, resolution, ...held } = done;
    await restored.create({ ...held, status: 'paused' });
    await restored.resolve(id, 'approved', resolution!);
    const second = new Governance({
      policy: TENSOR_POLICY,
      store: restored,
      anchorKeys: anchors.keys,
      audit: auditLog,
    });
    second.attachWork(runner, deliverer);
    const report = await second.resumeHeldWork();
    expect(ran).toEqual([id]);
    expect(report.interrupted).toEqual([id]);
    expect((await second.get(id)).outcome).toMatchObject({
      state: 'interrupted',
      error: expect.stringContaining('the audit log shows this work started before'),
    });
    expect(
      audit.filter((entry) => entry.action === 'governance.held_work_started').map((entry) => entry.subject),
    ).toEqual([id]);
    await second.close();
  });

  it('does not run work whose stored approval no anchor signed (an escalation file edited by someone without a key)', async () => {
    const first = run(path);
    const paused = await escalate(first.governance, 'p-forged');
    await first.governance.close();
    // Someone who can write the directory, but holds no anchor key, appends the record "approved", with other work.
    const forged: EscalationRecord = {
      ...paused,
      status: 'approved',
      work: { ...work, payload: { drift_detected: true, transfer: 'everything' } },
      resolution: {
        by: 'Igor',
        at: paused.created_at,
        reason: 'looks fine',
        signature: 'e30.e30.AAAA',
        issued_at: paused.created_at,
      },
    };
    appendFileSync(path, `${JSON.stringify(forged)}\n`);
    const impostor = testAnchors(['Igor']);
    const signedByImpostor = await impostor.sign('Igor', {
      agent: 'tensoraios',
      escalation_id: paused.id,
      action: 'approve',
      reason: 'ok',
      held: forged,
    });

    const second = run(path);
    second.attach();
    expect(await second.governance.resumeHeldWork()).toEqual({ ran: [], interrupted: [], delivered: [] });
    expect(second.ran).toEqual([]);
    expect((await second.governance.get(paused.id)).outcome).toBeUndefined();
    await second.governance.close();

    appendFileSync(
      path,
      `${JSON.stringify({ ...forged, resolution: { ...forged.resolution, signature: signedByImpostor } })}\n`,
    );
    const third = run(path);
    third.attach();
    expect(await third.governance.resumeHeldWork()).toEqual({ ran: [], interrupted: [], delivered: [] });
    expect(third.ran).toEqual([]);
    await third.governance.close();
  });

  it('does not run work swapped in the file after a genuine approval (the signature covers the work it was made for), and says so', async () => {
    const first = run(path);
    const held = await escalate(first.governance, 'p-swapped');
    // A genuine approval, stored before the work ran (no runner yet: the process died right after the answer).
    await approve(first.governance, held.id);
    await first.governance.close();
    const reader = new FileEscalationStore({ path });
    const approved = (await reader.get(held.id))!;
    await reader.close();
    expect(approved.resolution?.signature).toEqual(expect.any(String));
    // Someone who can write the directory keeps the genuine signature and swaps the work it approved.
    appendFileSync(
      path,
      `${JSON.stringify({ ...approved, work: { ...work, payload: { drift_detected: true, transfer: 'everything' } } })}\n`,
    );

    const second = run(path);
    second.attach();
    expect(await second.governance.resumeHeldWork()).toEqual({ ran: [], interrupted: [], delivered: [] });
    expect(second.ran).toEqual([]);
    expect(await second.governance.get(held.id)).toMatchObject({ status: 'approved' });
    expect((await second.governance.get(held.id)).outcome).toBeUndefined();
    expect(second.errors).toEqual([
      expect.stringMatching(
        /^held work not run: its stored approval does not verify \(the resolution was signed for other work than this escalation holds/,
      ),
    ]);
    await second.governance.close();
  });
});
