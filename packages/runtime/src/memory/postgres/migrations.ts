import type { Pool } from 'pg';
import { withSchemaLock } from '../../postgres/schema-lock';
import { checkSchemaName } from './schema-name';

export interface Migration {
  /** Increasing integer; applied in order, each once per schema. */
  version: number;
  name: string;
  /** DDL with `{schema}` standing for the quoted schema name. */
  sql: string;
}

/**
 * Applies pending migrations inside one transaction per migration, recording each in
 * `<schema>.schema_migrations`. The schema's advisory lock (`withSchemaLock`) makes concurrent starters
 * (several agents, several test workers) apply each migration exactly once.
 * Returns the versions applied by this call.
 */
export async function migrate(
  pool: Pool,
  schema: string,
  migrations: readonly Migration[],
): Promise<number[]> {
  checkSchemaName(schema);
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  return withSchemaLock(pool, schema, async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${schema}".schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = await client.query<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations`);
    const present = new Set(done.rows.map((row) => row.version));
    const applied: number[] = [];
    for (const migration of ordered) {
      if (present.has(migration.version)) continue;
      await client.query(migration.sql.replaceAll('{schema}', `"${schema}"`));
      await client.query(`INSERT INTO "${schema}".schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
