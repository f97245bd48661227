import { Pool } from 'pg';
import { serviceUrl } from '../../testing/service-urls';
import { randomSuffix } from '../testing/wait-for';
import { MEMORY_MIGRATIONS } from './memory-migrations';
import { migrate } from './migrations';

const url = serviceUrl('postgres');
if (url) {
  describe('memory schema migrations on PostgreSQL', () => {
    const pool = new Pool({
      connectionString: url,
      max: 4,
      application_name: `l9-test-migrations-${randomSuffix()}`,
    });
    const schema = `l9_test_${randomSuffix()}`;
    afterAll(async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    });

    it('applies every migration once, records it, and is idempotent under concurrent starts', async () => {
      const runs = await Promise.all([1, 2, 3].map(() => migrate(pool, schema, MEMORY_MIGRATIONS)));
      expect(runs.flat().sort()).toEqual(MEMORY_MIGRATIONS.map((m) => m.version));
      expect(await migrate(pool, schema, MEMORY_MIGRATIONS)).toEqual([]);
      const recorded = await pool.query(
        `SELECT version, name FROM "${schema}".schema_migrations ORDER BY version`,
      );
      expect(recorded.rows).toEqual(MEMORY_MIGRATIONS.map(({ version, name }) => ({ version, name })));
    });

    it('applies a later migration on top of an existing schema', async () => {
      const next = {
        version: 99,
        name: 'extra index',
        sql: 'CREATE INDEX episodes_kind ON {schema}.episodes (kind)',
      };
      expect(await migrate(pool, schema, [...MEMORY_MIGRATIONS, next])).toEqual([99]);
      const index = await pool.query(
        `SELECT 1 FROM pg_indexes WHERE schemaname = $1 AND indexname = 'episodes_kind'`,
        [schema],
      );
      expect(index.rowCount).toBe(1);
    });

    it('rolls back a failing migration entirely', async () => {
      const broken = {
        version: 100,
        name: 'broken',
        sql: 'CREATE TABLE {schema}.half (id int); SELECT no_such_function()',
      };
      await expect(migrate(pool, schema, [...MEMORY_MIGRATIONS, broken])).rejects.toThrow(/no_such_function/);
      const half = await pool.query(`SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'half'`, [
        schema,
      ]);
      expect(half.rowCount).toBe(0);
    });

    it('refuses a schema name that is not a plain identifier', async () => {
      await expect(migrate(pool, 'bad"; DROP TABLE x; --', MEMORY_MIGRATIONS)).rejects.toThrow(
        /lower-case letters/,
      );
    });
  });
}
