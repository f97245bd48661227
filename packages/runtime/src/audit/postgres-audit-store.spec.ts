import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { serviceUrl } from '../testing/service-urls';
import { AuditLog } from './audit-log';
import { hashEntry } from './audit-hash';
import { fillLog, steppingClock, TEST_KEY, TEST_SIGNING_KEY, TEST_VERIFY_KEYS } from './audit-test-support';
import { verifyAuditLog, type AuditVerification } from './verify-audit-log';
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

    /** What a fresh reader finds in the tables, verified against the keys that wrote them. */
    async function verifyFresh(): Promise<AuditVerification> {
      const reader = new PostgresAuditStore({ pool: admin, schema, table });
      const [entries, checkpoints, signedHead] = await Promise.all([
        reader.entries(),
        reader.checkpoints(),
        reader.signedHead(),
      ]);
      return verifyAuditLog({ entries, checkpoints, signedHead }, TEST_VERIFY_KEYS);
    }

    /** Opening the log as an agent does: refused when the tables no longer verify. */
    const openFresh = () =>
      AuditLog.open({
        store: new PostgresAuditStore({ pool: admin, schema, table }),
        key: TEST_KEY,
        signingKey: TEST_SIGNING_KEY,
      });

    it('stores concurrent appends with one multi-row insert, in order, and refuses a taken seq', async () => {
      const log = await AuditLog.open({
        store,
        key: TEST_KEY,
        signingKey: TEST_SIGNING_KEY,
        clock: steppingClock(),
        checkpointEvery: 5,
      });
      const entries = await Promise.all(
        Array.from({ length: 12 }, (_, index) => log.append({ agent: 'a', action: 'act', data: { index } })),
      );
      expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
      const { rows } = await admin.query(`SELECT seq FROM ${qualified()} ORDER BY position`);
      expect(rows.map((row: { seq: number }) => Number(row.seq))).toEqual(entries.map((entry) => entry.seq));
      await expect(store.appendBatch([entries[10], entries[11]])).rejects.toThrow(
        'audit entry 11 already exists',
      );
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
      const log = await AuditLog.open({
        store,
        key: TEST_KEY,
        signingKey: TEST_SIGNING_KEY,
        clock: steppingClock(),
      });
      const written = await log.append({
        agent: 'main-agent',
        action: 'decide',
        subject: 'packet-1',
        data: { zeta: 1, alpha: { long_key_name: [1.5, 'ü', null], b: true } },
      });
      expect(await store.head()).toEqual(written);
      expect((await log.verify()).ok).toBe(true);
    });

    it('continues the chain when reopened through a new connection pool', async () => {
      await fillLog(store, 3);
      const own = new PostgresAuditStore({ connectionString: url, schema, table });
      const log = await AuditLog.open({
        store: own,
        key: TEST_KEY,
        signingKey: TEST_SIGNING_KEY,
        checkpointEvery: 5,
        clock: steppingClock(),
      });
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
      await admin.query(
        `UPDATE ${qualified()} SET data = jsonb_set(data, '{confidence}', '0.01') WHERE seq = 6`,
      );
      expect((await verifyFresh()).problems).toEqual([expect.objectContaining({ seq: 6, kind: 'edited' })]);
    });

    it('detects two rows swapped in storage order', async () => {
      await fillLog(store, 8);
      await admin.query(
        `UPDATE ${qualified()} SET position = CASE seq WHEN 3 THEN (SELECT position FROM ${qualified()} WHERE seq = 4)
           ELSE (SELECT position FROM ${qualified()} WHERE seq = 3) END WHERE seq IN (3, 4)`,
      );
      expect((await verifyFresh()).problems).toEqual([
        expect.objectContaining({ seq: 3, kind: 'reordered' }),
      ]);
    });

    it('detects a DELETE in the middle', async () => {
      await fillLog(store, 8);
      await admin.query(`DELETE FROM ${qualified()} WHERE seq = 2`);
      expect((await verifyFresh()).problems).toEqual([expect.objectContaining({ seq: 2, kind: 'deleted' })]);
    });

    it('detects the tail deleted past a checkpoint, and after the last one, and refuses to extend the log', async () => {
      await fillLog(store, 12);
      await admin.query(`DELETE FROM ${qualified()} WHERE seq > 11`);
      expect((await verifyFresh()).problems).toEqual([
        expect.objectContaining({ seq: 12, kind: 'truncated' }),
      ]);
      await expect(openFresh()).rejects.toThrow(
        `audit log PostgreSQL table ${schema}.${table} does not verify, so it is not extended: truncated at 12`,
      );
      await admin.query(`DELETE FROM ${qualified()} WHERE seq > 9`);
      expect((await verifyFresh()).problems).toEqual([
        expect.objectContaining({ seq: 10, kind: 'truncated' }),
      ]);
      await expect(openFresh()).rejects.toThrow('truncated at 10');
    });

    it('keeps one signed head row per log in its own table, never moved backwards', async () => {
      await fillLog(store, 7);
      const { rows } = await admin.query(
        `SELECT log, seq, head FROM "${schema}".audit_heads WHERE log = $1`,
        [table],
      );
      expect(rows).toEqual([{ log: table, seq: '7', head: expect.any(String) }]);
      expect(JSON.parse(rows[0].head)).toEqual(await store.signedHead());
      const older = { ...(await store.checkpoints())[0]! };
      await store.saveSignedHead(older);
      expect((await store.signedHead())?.seq).toBe(7);
    });

    it('detects a deleted checkpoint row and a deleted head row, and refuses to extend the log', async () => {
      await fillLog(store, 12);
      await admin.query(`DELETE FROM "${schema}"."${table}_checkpoints" WHERE seq = 5`);
      expect((await verifyFresh()).problems).toEqual([
        expect.objectContaining({ seq: 5, kind: 'missing_checkpoint' }),
      ]);
      await expect(openFresh()).rejects.toThrow('missing_checkpoint at 5');
      await admin.query(`DELETE FROM "${schema}".audit_heads WHERE log = $1`, [table]);
      expect((await verifyFresh()).problems).toEqual(
        expect.arrayContaining([expect.objectContaining({ seq: 12, kind: 'missing_head' })]),
      );
    });

    it('detects an UPDATE re-chained with the HMAC key through the signed head', async () => {
      await fillLog(store, 4);
      const entries = await store.entries();
      let previous = entries[1]!;
      for (const original of entries.slice(2)) {
        const { hash: _dropped, ...unsigned } = { ...original, action: 'forged', prev_hash: previous.hash };
        previous = { ...unsigned, hash: hashEntry(unsigned, TEST_KEY) };
        await admin.query(`UPDATE ${qualified()} SET action = $1, prev_hash = $2, hash = $3 WHERE seq = $4`, [
          'forged',
          previous.prev_hash,
          previous.hash,
          previous.seq,
        ]);
      }
      expect((await verifyFresh()).problems).toEqual([
        expect.objectContaining({ seq: 4, kind: 'edited', message: expect.stringContaining('signed head') }),
      ]);
      await expect(openFresh()).rejects.toThrow('edited at 4');
    });

    it('detects a forged checkpoint row', async () => {
      await fillLog(store, 12);
      const head = await store.head();
      const forged = {
        log: 'audit-log',
        seq: 12,
        head_hash: head!.hash,
        at: head!.at,
        checkpoint_every: 5,
        public_key: TEST_SIGNING_KEY.publicKeyId,
        signature: 'A'.repeat(86),
      };
      await admin.query(`INSERT INTO "${schema}"."${table}_checkpoints" (seq, head) VALUES (12, $1)`, [
        JSON.stringify(forged),
      ]);
      expect((await verifyFresh()).problems).toEqual([
        expect.objectContaining({ seq: 12, kind: 'bad_checkpoint' }),
      ]);
    });

    it('rejects only the entry PostgreSQL cannot store among 30 concurrent ones, and acknowledges the other 29', async () => {
      const log = await AuditLog.open({
        store,
        key: TEST_KEY,
        signingKey: TEST_SIGNING_KEY,
        clock: steppingClock(),
      });
      const records = Array.from({ length: 30 }, (_, index) => ({
        agent: 'a',
        action: 'packet.received',
        subject: `packet-${index}`,
        data: index === 17 ? { note: 'nul \u0000 here' } : { index },
      }));
      const results = await Promise.allSettled(records.map((record) => log.append(record)));
      const rejected = results.flatMap((result, index) => (result.status === 'rejected' ? [index] : []));
      expect(rejected).toEqual([17]);
      expect((results[17] as PromiseRejectedResult).reason).toMatchObject({ code: '22P05' });
      const { rows } = await admin.query(`SELECT subject FROM ${qualified()} ORDER BY seq`);
      expect(rows.map((row: { subject: string }) => row.subject)).toEqual(
        records.filter((_, index) => index !== 17).map((record) => record.subject),
      );
      expect(await verifyFresh()).toMatchObject({ ok: true, headSeq: 29, signedSeq: 29 });
    });

    it('refuses an entry whose text PostgreSQL would store altered (NUL, lone surrogate), alone', async () => {
      const log = await AuditLog.open({
        store,
        key: TEST_KEY,
        signingKey: TEST_SIGNING_KEY,
        clock: steppingClock(),
      });
      const results = await Promise.allSettled([
        log.append({ agent: 'a', action: 'act', subject: 'fine-1' }),
        log.append({ agent: 'a', action: 'act', subject: 'lone \ud800 surrogate' }),
        log.append({ agent: 'a\u0000b', action: 'act', subject: 'fine-2' }),
        log.append({ agent: 'a', action: 'act', subject: 'fine-3' }),
      ]);
      expect(results.map((result) => result.status)).toEqual([
        'fulfilled',
        'rejected',
        'rejected',
        'fulfilled',
      ]);
      expect((results[1] as PromiseRejectedResult).reason.message).toBe(
        'audit entry 2 cannot be stored: subject contains a lone UTF-16 surrogate',
      );
      expect((results[2] as PromiseRejectedResult).reason.message).toBe(
        'audit entry 2 cannot be stored: agent contains a NUL character',
      );
      expect(await verifyFresh()).toMatchObject({ ok: true, headSeq: 2 });
    });

    it('reports health up, and down when the server refuses the connection', async () => {
      expect(await store.health()).toEqual({ name: 'decision-audit', kind: 'postgres', status: 'up' });
      const unreachable = new PostgresAuditStore({
        connectionString: 'postgres://postgres@127.0.0.1:1/none',
        schema,
        table,
      });
      expect(await unreachable.health()).toMatchObject({ kind: 'postgres', status: 'down' });
      await unreachable.close();
    });

    it('rejects a schema name that is not an identifier', () => {
      expect(() => new PostgresAuditStore({ pool: admin, schema: 'my-schema' })).toThrow(
        'audit schema "my-schema"',
      );
    });
  });
}
