import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction holding the advisory lock of `schema` (its plain name). `CREATE SCHEMA IF NOT
 * EXISTS` and `CREATE TABLE IF NOT EXISTS` are not safe for concurrent callers: two agents starting together
 * on a shared schema can both find it missing and one fails on a unique index of the catalog. Every creator of
 * l9 schema objects (memory migrations, the audit and escalation stores) goes through this lock, so one
 * caller at a time does it and the others find it done.
 */
export async function withSchemaLock<T>(
  pool: Pool,
  schema: string,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // The key is the one the memory migrations took before the stores joined them: agents of either release
    // still exclude each other on a shared database.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`l9-migrations:${schema}`]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
