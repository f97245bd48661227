import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { serviceUrl } from '../testing/service-urls';
import type { EscalationRecord } from './escalation-record';
import { Governance } from './governance';
import { fixedClock, sequentialIds, TENSOR_POLICY } from './governance-test-support';
import { PostgresEscalationStore } from './postgres-escalation-store';

const url = serviceUrl('postgres');

if (url) {
  describe('PostgresEscalationStore on PostgreSQL', () => {
    const schema = `l9_test_${randomBytes(5).toString('hex')}`;
    const pool = new Pool({ connectionString: url, max: 4 });
    let tableCounter = 0;
    let table: string;
    let store: PostgresEscalationStore;
    let governance: Governance;

    beforeEach(() => {
      table = `escalations_${++tableCounter}`;
      store = new PostgresEscalationStore({ pool, schema, table });
      governance = new Governance({ policy: TENSOR_POLICY, store, clock: fixedClock, newId: sequentialIds() });
    });

    afterAll(async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    });

    const escalate = async (signals: Record<string, number | boolean>): Promise<EscalationRecord> =>
      (await governance.evaluate({ id: 'd', agent: 'tensoraios', action: 'score', signals, trace_id: 't-1' })).escalation!;

    it('persists a paused escalation that a new store instance reads back unchanged', async () => {
      const record = await escalate({ confidence: 0.2, criticality: 0.95 });
      const reader = new PostgresEscalationStore({ connectionString: url, schema, table });
      expect(await reader.get(record.id)).toEqual(record);
      expect(await reader.list({ status: 'paused' })).toEqual([record]);
      await reader.close();
    });

    it('resolves once; a second resolution and an unknown id are refused', async () => {
      const record = await escalate({ drift_detected: true });
      const { escalation } = await governance.override(record.id, { anchor: 'Igor', reason: 'pin', value: [1, 2] });
      expect(await store.get(record.id)).toEqual(escalation);
      expect(escalation.resolution).toEqual({ by: 'Igor', at: '2025-06-01T12:00:00.000Z', reason: 'pin', override_value: [1, 2] });
      await expect(governance.approve(record.id, { anchor: 'Igor', reason: 'x' })).rejects.toMatchObject({ code: 'already_resolved' });
      expect(await store.resolve('missing', 'approved', { by: 'Igor', at: 'now', reason: 'x' })).toEqual({ kind: 'not_found' });
    });

    it('lets exactly one of two concurrent answers win', async () => {
      const record = await escalate({ drift_detected: true });
      const results = await Promise.allSettled([
        governance.approve(record.id, { anchor: 'Igor', reason: 'yes' }),
        governance.reject(record.id, { anchor: 'System Oversight Committee', reason: 'no' }),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((result) => result.status === 'rejected')).toEqual([
        expect.objectContaining({ reason: expect.objectContaining({ code: 'already_resolved' }) }),
      ]);
    });

    it('lists in creation order and filters by status', async () => {
      const first = await escalate({ drift_detected: true });
      const second = await escalate({ anomaly_score: 0.99 });
      await governance.reject(first.id, { anchor: 'Igor', reason: 'no' });
      expect((await store.list()).map((record) => record.id)).toEqual([first.id, second.id]);
      expect((await store.list({ status: 'rejected' })).map((record) => record.id)).toEqual([first.id]);
    });

    it('reports health up, and down for an unreachable server', async () => {
      expect(await store.health()).toEqual({ name: 'governance-escalations', kind: 'postgres', status: 'up' });
      const unreachable = new PostgresEscalationStore({ connectionString: 'postgres://postgres@127.0.0.1:1/none', schema, table });
      expect(await unreachable.health()).toMatchObject({ status: 'down' });
      await unreachable.close();
    });
  });
}
