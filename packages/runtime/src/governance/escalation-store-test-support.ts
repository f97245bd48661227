import type { EscalationRecord } from './escalation-record';
import type { EscalationStore } from './escalation-store';

export interface StoreUnderTest {
  store: EscalationStore;
  /** A second instance over the same storage, as a restarted agent would open it; undefined for memory. */
  reopen?: () => Promise<EscalationStore>;
}

let counter = 0;

/** A paused escalation holding a packet's work, with a fresh id and packet id unless given. */
export function heldRecord(overrides: { id?: string; packet_id?: string } = {}): EscalationRecord {
  counter += 1;
  const packetId = overrides.packet_id ?? `packet-${process.pid}-${counter}`;
  return {
    id: overrides.id ?? `esc-${process.pid}-${counter}`,
    decision: {
      id: packetId,
      agent: 'tensoraios',
      action: 'score',
      signals: { anomaly_score: 0.99 },
      packet_id: packetId,
    },
    matched_rules: [{ id: 'anomaly', metric: 'anomaly_score', op: '>', threshold: 0.95 }],
    triggers: [],
    anchors: ['Igor'],
    status: 'paused',
    created_at: '2025-06-01T12:00:00.000Z',
    work: {
      kind: 'endpoint',
      endpoint: 'score',
      payload: { anomaly_score: 0.99, note: 'ünïcode ✓' },
      caller: 'tester',
      callback_url: 'http://127.0.0.1:9/cb',
    },
  };
}

const resolution = (by = 'Igor') => ({
  by,
  at: '2025-06-01T12:01:00.000Z',
  reason: 'checked',
  signature: 'h.p.s',
});

/**
 * The behaviour every EscalationStore shares (memory, file, PostgreSQL): each state change is a compare-and-set,
 * a packet id is held once, pages are stable, and (for stores that persist) a reopened store sees every step.
 */
export function describeEscalationStoreContract(
  name: string,
  open: () => Promise<StoreUnderTest>,
  close: (subject: StoreUnderTest) => Promise<void>,
  options: { persistent: boolean },
): void {
  describe(`${name}: the EscalationStore contract`, () => {
    let subject: StoreUnderTest;
    beforeEach(async () => {
      subject = await open();
    });
    afterEach(async () => {
      await close(subject);
    });

    it('stores the whole record with its held work and reads it back unchanged', async () => {
      const record = heldRecord();
      expect(await subject.store.create(record)).toEqual({ kind: 'created', record });
      expect(await subject.store.get(record.id)).toEqual(record);
      expect(await subject.store.findByPacketId(record.decision.packet_id!)).toEqual(record);
      expect(await subject.store.get('missing')).toBeUndefined();
    });

    it('holds one escalation per packet id, also when two creates race', async () => {
      const first = heldRecord({ packet_id: `same-${counter}` });
      const second = { ...heldRecord(), decision: first.decision };
      const third = { ...heldRecord(), decision: first.decision };
      const outcomes = await Promise.all([
        subject.store.create(first),
        subject.store.create(second),
        subject.store.create(third),
      ]);
      expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['created', 'existing', 'existing']);
      const winner = outcomes.find((outcome) => outcome.kind === 'created')!.record.id;
      expect(outcomes.every((outcome) => outcome.record.id === winner)).toBe(true);
      expect((await subject.store.list({ limit: 10 })).records).toHaveLength(1);
    });

    it('resolves once: of two concurrent resolutions exactly one wins', async () => {
      const record = heldRecord();
      await subject.store.create(record);
      const results = await Promise.all([
        subject.store.resolve(record.id, 'approved', resolution('Igor')),
        subject.store.resolve(record.id, 'rejected', resolution('Other'), { state: 'rejected', at: 'later' }),
      ]);
      expect(results.map((result) => result.kind).sort()).toEqual(['already_resolved', 'resolved']);
      expect(await subject.store.resolve('missing', 'approved', resolution())).toEqual({ kind: 'not_found' });
    });

    it('lets one claim of approved work win, finishes only running work, and delivers once', async () => {
      const record = heldRecord();
      await subject.store.create(record);
      expect(await subject.store.claim(record.id, 'now')).toBeUndefined(); // still paused
      await subject.store.resolve(record.id, 'approved', resolution());
      const claims = await Promise.all([
        subject.store.claim(record.id, 't1'),
        subject.store.claim(record.id, 't2'),
        subject.store.claim(record.id, 't3'),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(claims.find(Boolean)!.outcome).toMatchObject({ state: 'running' });
      expect(await subject.store.unsettled()).toEqual([expect.objectContaining({ id: record.id })]);
      const finished = await subject.store.finish(record.id, {
        state: 'completed',
        at: 't4',
        result: { score: 0.5 },
      });
      expect(finished?.outcome).toEqual({ state: 'completed', at: 't4', result: { score: 0.5 } });
      expect(
        await subject.store.finish(record.id, { state: 'failed', at: 't5', error: 'late' }),
      ).toBeUndefined();
      const deliveries = [{ channel: 'event-stream' as const, ok: true, target: 'governance.resolved' }];
      expect((await subject.store.markDelivered(record.id, deliveries, 't6'))?.deliveries).toEqual(
        deliveries,
      );
      expect(await subject.store.markDelivered(record.id, [], 't7')).toBeUndefined();
      expect(await subject.store.unsettled()).toEqual([]);
    });

    it('lists unsettled work: approved but unclaimed, running, and final but undelivered', async () => {
      const [unclaimed, running, undelivered, paused] = [
        heldRecord(),
        heldRecord(),
        heldRecord(),
        heldRecord(),
      ];
      for (const record of [unclaimed, running, undelivered, paused]) await subject.store.create(record);
      await subject.store.resolve(unclaimed.id, 'approved', resolution());
      await subject.store.resolve(running.id, 'approved', resolution());
      await subject.store.claim(running.id, 't');
      await subject.store.resolve(undelivered.id, 'overridden', resolution(), {
        state: 'overridden',
        at: 't',
        result: 1,
      });
      expect((await subject.store.unsettled()).map((record) => record.id)).toEqual([
        unclaimed.id,
        running.id,
        undelivered.id,
      ]);
    });

    it('pages oldest first with a cursor, filtered by status', async () => {
      const records = Array.from({ length: 5 }, () => heldRecord());
      for (const record of records) await subject.store.create(record);
      await subject.store.resolve(records[1]!.id, 'approved', resolution());
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await subject.store.list({ limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.records.length).toBeLessThanOrEqual(2);
        ids.push(...page.records.map((record) => record.id));
        cursor = page.next_cursor;
      } while (cursor);
      expect(ids).toEqual(records.map((record) => record.id));
      const paused = await subject.store.list({ status: 'paused', limit: 10 });
      expect(paused.records.map((record) => record.id)).toEqual(
        records.filter((_, index) => index !== 1).map((record) => record.id),
      );
      expect(paused.next_cursor).toBeUndefined();
    });

    // Only stores that persist have a second instance over the same storage to ask.
    if (options.persistent) {
      it('keeps every step for a store opened again over the same storage', async () => {
        const record = heldRecord();
        await subject.store.create(record);
        await subject.store.resolve(record.id, 'approved', resolution());
        await subject.store.claim(record.id, 't1');
        const again = await subject.reopen!();
        try {
          expect(await again.get(record.id)).toMatchObject({
            status: 'approved',
            outcome: { state: 'running', at: 't1' },
            work: record.work,
          });
          expect((await again.create({ ...heldRecord(), decision: record.decision })).kind).toBe('existing');
        } finally {
          await again.close();
        }
      });
    }
  });
}
