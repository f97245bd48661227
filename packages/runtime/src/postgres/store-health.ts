import type { Pool } from 'pg';
import type { BackendHealth } from '../backend-health';

/**
 * Health of a store on a pool of its own: up once its tables are ready (`init`) and the pool answers a query;
 * down, with the error's message, when either fails.
 */
export async function poolStoreHealth(
  name: string,
  pool: Pool,
  init: () => Promise<void>,
): Promise<BackendHealth> {
  try {
    await init();
    await pool.query('SELECT 1');
    return { name, kind: 'postgres', status: 'up' };
  } catch (error) {
    return { name, kind: 'postgres', status: 'down', detail: (error as Error).message };
  }
}
