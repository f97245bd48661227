import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { TcpProxy } from '../memory/testing/tcp-proxy';
import { isBackendUnavailable } from '../server/backend-unavailable-error';
import { serviceUrl } from '../testing/service-urls';
import { describeEscalationStoreContract, heldRecord } from './escalation-store-test-support';
import { PostgresEscalationStore } from './postgres-escalation-store';

const url = serviceUrl('postgres');

if (url) {
  const schema = `l9_test_${randomBytes(5).toString('hex')}`;
  const pool = new Pool({ connectionString: url, max: 6 });
  let tableCounter = 0;

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  describeEscalationStoreContract(
    'PostgresEscalationStore',
    async () => {
      const table = `escalations_${++tableCounter}`;
      return {
        store: new PostgresEscalationStore({ pool, schema, table }),
        reopen: async () => new PostgresEscalationStore({ connectionString: url, schema, table }),
      };
    },
    (subject) => subject.store.close(),
    { persistent: true },
  );

  describe('PostgresEscalationStore on PostgreSQL', () => {
    it('adds the columns of held work and the unique packet id to a table an older agent created', async () => {
      const table = `escalations_old_${++tableCounter}`;
      await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await pool.query(
        `CREATE TABLE "${schema}"."${table}" (id text PRIMARY KEY, status text NOT NULL, created_at text NOT NULL, record jsonb NOT NULL, resolution jsonb, position bigserial NOT NULL)`,
      );
      await pool.query(
        `INSERT INTO "${schema}"."${table}" (id, status, created_at, record) VALUES ('old-1', 'paused', 't', $1::jsonb)`,
        [
          JSON.stringify({
            decision: { id: 'd', agent: 'a', action: 'x', signals: {} },
            matched_rules: [],
            triggers: [],
            anchors: ['Igor'],
          }),
        ],
      );
      const store = new PostgresEscalationStore({ pool, schema, table });
      expect(await store.get('old-1')).toMatchObject({ id: 'old-1', status: 'paused' });
      const record = heldRecord();
      expect((await store.create(record)).kind).toBe('created');
      expect((await store.create({ ...heldRecord(), decision: record.decision })).kind).toBe('existing');
    });

    it('turns a database that went away into backend_unavailable (503 upstream), not a handler failure', async () => {
      const proxy = await TcpProxy.startForPostgres(url);
      const store = new PostgresEscalationStore({
        connectionString: proxy.through(url),
        poolConfig: { connectionTimeoutMillis: 1_000 },
        schema,
        table: `escalations_${++tableCounter}`,
      });
      try {
        await store.init();
        await proxy.interrupt();
        const refused = await store.findByPacketId('p-1').then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(isBackendUnavailable(refused)).toBe(true);
        expect((refused as Error).message).toMatch(/^governance is unavailable: PostgreSQL: /);
      } finally {
        await proxy.resume();
        await store.close();
        await proxy.interrupt();
      }
    });

    it('reports health up, and down for an unreachable server', async () => {
      const store = new PostgresEscalationStore({ pool, schema, table: `escalations_${++tableCounter}` });
      expect(await store.health()).toEqual({
        name: 'governance-escalations',
        kind: 'postgres',
        status: 'up',
      });
      const unreachable = new PostgresEscalationStore({
        connectionString: 'postgres://postgres@127.0.0.1:1/none',
        schema,
        table: 'x',
      });
      expect(await unreachable.health()).toMatchObject({ status: 'down' });
      await unreachable.close();
    });
  });
}
