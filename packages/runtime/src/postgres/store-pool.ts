import type { Pool, PoolConfig } from 'pg';
import { pgDriver } from '../backend-drivers';

/** How a PostgreSQL-backed store gets its connections: a pool the caller owns, or one it opens itself. */
export interface StorePoolOptions {
  /** A pool the caller owns (left open by the store's `close()`). */
  pool?: Pool;
  connectionString?: string;
  poolConfig?: Omit<PoolConfig, 'connectionString'>;
}

/**
 * The store's pool and whether the store must close it. An idle connection the server drops (restart,
 * `pg_terminate_backend`, a cut network) is reported as an 'error' event on the pool, which would crash the
 * process if nobody listened; the pool has already discarded that connection and opens a fresh one for the
 * next query, and failures while the database is away reach the callers of the queries.
 */
export function storePool(options: StorePoolOptions, store: string): { pool: Pool; ownsPool: boolean } {
  if (!options.pool && !options.connectionString)
    throw new Error(`${store} needs a pool or a connectionString`);
  if (options.pool) return { pool: options.pool, ownsPool: false };
  const { Pool: PgPool } = pgDriver();
  const pool = new PgPool({ ...options.poolConfig, connectionString: options.connectionString });
  pool.on('error', () => undefined);
  return { pool, ownsPool: true };
}
