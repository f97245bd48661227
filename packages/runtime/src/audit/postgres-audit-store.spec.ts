import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { serviceUrl } from '../testing/service-urls';
import { AuditLog } from './audit-log';
import { fillLog, steppingClock, TEST_KEY } from './audit-test-support';
import { PostgresAuditStore } from './postgres-audit-store';

const url = serviceUrl('postgres');

if (url) {
  describe('PostgresAuditStore on PostgreSQL', () => {
    const schema = `l9_test_${randomBytes(5).toString('hex')}`;
    const admin = new Pool({ connectionString: url, max: 2 });
    let tableCounter = 0;
    let table: string;
    let store: PostgresAuditStore;

    beforeEach(() => {
      table = `audit_${++tableCounter}`;
      store = new PostgresAuditStore({ pool: admin, schema, table, name: 'decision-audit' });
    });

    afterAll(async () => {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    });

    const qualified = (): string => `"${schema}"."${table}"`;

    async function verifyFresh(): Promise<Awaited<ReturnType<AuditLog['verify']>>> {
      const reader = await AuditLog.open({ store: new PostgresAuditStore({ pool: admin, schema, table }), key: TEST_KEY });
      return reader.verify({ checkpointEvery: 5 });
    }

    it('stores concurrent appends with one multi-row insert, in order, and refuses a taken seq', async () => {
      const log = await AuditLog.open({ store, key: TEST_KEY, clock: steppingClock(), checkpointEvery: 5 });
      const entries = await Promise.all(Array.from({ length: 12 }, (_, index) => log.append({ agent: 'a', action: 'act', data: { index } })));
      expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
      const { rows } = await admin.query(`SELECT seq FROM ${qualified()} ORDER BY position`);
      expect(rows.map((row: { seq: number }) => Number(row.seq))).toEqual(entries.map((entry) => entry.seq));
      await expect(store.appendBatch([entries[10], entries[11]])).rejects.toThrow('audit entry 11 already exists');
      expect(await verifyFresh()).toMatchObject({ ok: true, headSeq: 12 });
    });

    it('creates its schema and tables, writes the chain and verifies it', async () => {
      await fillLog(store, 11);
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM ${qualified()}`);
      expect(rows[0].n).toBe(11);
      expect((await store.checkpoints()).map((checkpoint) => checkpoint.seq)).toEqual([5, 10]);
      expect(await verifyFresh()).toMatchObject({ ok: true, headSeq: 11 });
    });

    it('returns data exactly as signed although jsonb reorders keys', async () => {
      const log = await AuditLog.open({ store, key: TEST_KEY, clock: steppingClock() });
      const written = await log.append({
        agent: 'main-agent',
        action: 'decide',
        subject: 'packet-1',
        data: { zeta: 1, alpha: { long_key_name: [1.5, 'ü', null], b: true } },
      });
      expect((await store.head())).toEqual(written);
      expect((await log.verify()).ok).toBe(true);
    });

    it('continues the chain when reopened through a new connection pool', async () => {
      await fillLog(store, 3);
      const own = new PostgresAuditStore({ connectionString: url, schema, table });
      const log = await AuditLog.open({ store: own, key: TEST_KEY, checkpointEvery: 5, clock: steppingClock() });
      expect(log.head.seq).toBe(3);
      expect((await log.append({ agent: 'a', action: 'next' })).seq).toBe(4);
      await log.close();
      expect(await verifyFresh()).toMatchObject({ ok: true, headSeq: 4 });
    });

    it('refuses a second entry with the same seq', async () => {
      const log = await fillLog(store, 1);
      const [entry] = await store.entries();
      await expect(store.append(entry!)).rejects.toThrow('audit entry 1 already exists');
      expect(log.head.seq).toBe(1);
    });

    it('detects an UPDATE of one entry', async () => {
      await fillLog(store, 8);
      await admin.query(`UPDATE ${qualified()} SET data = jsonb_set(data, '{confidence}', '0.01') WHERE seq = 6`);
      expect((await verifyFresh()).problems).toEqual([expect.objectContaining({ seq: 6, kind: 'edited' })]);
    });

    it('detects two rows swapped in storage order', async () => {
      await fillLog(store, 8);
      await admin.query(
        `UPDATE ${qualified()} SET position = CASE seq WHEN 3 THEN (SELECT position FROM ${qualified()} WHERE seq = 4)
           ELSE (SELECT position FROM ${qualified()} WHERE seq = 3) END WHERE seq IN (3, 4)`,
      );
      expect((await verifyFresh()).problems).toEqual([expect.objectContaining({ seq: 3, kind: 'reordered' })]);
    });

    it('detects a DELETE in the middle', async () => {
      await fillLog(store, 8);
      await admin.query(`DELETE FROM ${qualified()} WHERE seq = 2`);
      expect((await verifyFresh()).problems).toEqual([expect.objectContaining({ seq: 2, kind: 'deleted' })]);
    });

    it('detects the tail deleted past a checkpoint', async () => {
      await fillLog(store, 12);
      await admin.query(`DELETE FROM ${qualified()} WHERE seq > 9`);
      expect((await verifyFresh()).problems).toEqual([expect.objectContaining({ seq: 10, kind: 'truncated' })]);
    });

    it('detects a forged checkpoint row', async () => {
      await fillLog(store, 12);
      const head = await store.head();
      await admin.query(
        `INSERT INTO "${schema}"."${table}_checkpoints" (seq, head_hash, count, at, signature) VALUES (12, $1, 12, $2, $3)`,
        [head!.hash, head!.at, '0'.repeat(64)],
      );
      expect((await verifyFresh()).problems).toEqual([expect.objectContaining({ seq: 12, kind: 'bad_checkpoint' })]);
    });

    it('reports health up, and down when the server refuses the connection', async () => {
      expect(await store.health()).toEqual({ name: 'decision-audit', kind: 'postgres', status: 'up' });
      const unreachable = new PostgresAuditStore({ connectionString: 'postgres://postgres@127.0.0.1:1/none', schema, table });
      expect(await unreachable.health()).toMatchObject({ kind: 'postgres', status: 'down' });
      await unreachable.close();
    });

    it('rejects a schema name that is not an identifier', () => {
      expect(() => new PostgresAuditStore({ pool: admin, schema: 'my-schema' })).toThrow('audit schema "my-schema"');
    });
  });
}
