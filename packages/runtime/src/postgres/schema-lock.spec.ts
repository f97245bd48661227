import { Pool } from 'pg';
import { PostgresAuditStore } from '../audit/postgres-audit-store';
import { PostgresEscalationStore } from '../governance/postgres-escalation-store';
import { migrate } from '../memory/postgres/migrations';
import { MEMORY_MIGRATIONS } from '../memory/postgres/memory-migrations';
import { randomSuffix, waitFor } from '../memory/testing/wait-for';
import { serviceUrl } from '../testing/service-urls';
import { withSchemaLock } from './schema-lock';

const url = serviceUrl('postgres');

if (url) {
  describe('schema objects created under the schema lock, on PostgreSQL', () => {
    const pools: Pool[] = [];
    const schemas: string[] = [];
    /** A pool of one connection: each creator below really runs on its own session, as separate agents do. */
    const ownPool = (): Pool => {
      const pool = new Pool({ connectionString: url, max: 1 });
      pools.push(pool);
      return pool;
    };
    const freshSchema = (): string => {
      const schema = `l9_test_lock_${randomSuffix()}`;
      schemas.push(schema);
      return schema;
    };
    afterAll(async () => {
      const admin = ownPool();
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all(pools.map((pool) => pool.end()));
    });

    it('lets every agent of an ecosystem start at once on schemas nobody has made yet', async () => {
      const schema = freshSchema();
      const starts = Array.from({ length: 6 }, (_, index) => [
        new PostgresAuditStore({ pool: ownPool(), schema, table: 'audit' }).init(),
        new PostgresAuditStore({ pool: ownPool(), schema, table: `audit_${index}` }).init(),
        new PostgresEscalationStore({ pool: ownPool(), schema, table: 'escalations' }).init(),
        migrate(ownPool(), schema, MEMORY_MIGRATIONS),
      ]).flat();
      const outcomes = await Promise.allSettled(starts);
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      const { rows } = await ownPool().query<{ count: string }>(
        'SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename LIKE $2',
        [schema, 'audit%'],
      );
      // audit, audit_checkpoints, audit_0..5 with their checkpoint tables, and audit_heads (every log's signed head).
      expect(Number(rows[0]!.count)).toBe(15);
    });

    it('runs one holder of a schema at a time, and another schema alongside', async () => {
      const schema = freshSchema();
      const events: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = withSchemaLock(ownPool(), schema, async () => {
        events.push('first in');
        await held;
        events.push('first out');
      });
      await waitFor('the first holder to take the lock', () => events.includes('first in'));
      const second = withSchemaLock(ownPool(), schema, async () => void events.push('second in'));
      await withSchemaLock(ownPool(), freshSchema(), async () => void events.push('other schema'));
      release();
      await Promise.all([first, second]);
      expect(events).toEqual(['first in', 'other schema', 'first out', 'second in']);
    });

    it('rolls back what the work did when it fails, and frees the lock', async () => {
      const schema = freshSchema();
      const pool = ownPool();
      await expect(
        withSchemaLock(pool, schema, async (client) => {
          await client.query(`CREATE SCHEMA "${schema}"`);
          throw new Error('work failed');
        }),
      ).rejects.toThrow('work failed');
      const { rowCount } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      expect(rowCount).toBe(0);
      await expect(withSchemaLock(ownPool(), schema, async () => 'again')).resolves.toBe('again');
    });
  });
}
