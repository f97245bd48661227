import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { throwawaySecrets } from '../../../packages/runtime/src/config/throwaway-secrets';
import { PrivateRedisServer } from '../../../packages/runtime/src/memory/testing/private-redis-server';

export interface PrivateBackends {
  env: Record<string, string>;
  close(): Promise<void>;
}

function persistedStoreSecrets(): Record<string, string> {
  const { L9_PACKET_SECRET: _packetAuthUnchanged, ...secrets } = throwawaySecrets();
  return secrets;
}

/**
 * Real backends that belong to the benchmark alone: a private redis-server on a free port (no persistence)
 * and a fresh PostgreSQL database on the local server (`L9_BENCH_POSTGRES_ADMIN_URL`, default
 * postgres://postgres@127.0.0.1:5432/postgres). Both are removed by `close()`.
 */
export async function startPrivateBackends(): Promise<PrivateBackends> {
  const redis = await PrivateRedisServer.start();
  const adminUrl =
    process.env['L9_BENCH_POSTGRES_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `l9_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  } catch (error) {
    // No database, no benchmark: the private Redis goes too, and the admin connection if it opened.
    await redis.dispose();
    await admin.end().catch(() => undefined);
    throw error;
  }
  const postgresUrl = new URL(adminUrl);
  postgresUrl.pathname = `/${database}`;
  return {
    // A persisted audit log needs its own keys; these live as long as the database. Packet auth stays as the
    // caller's environment sets it, so the figures compare with the embedded run.
    env: { ...persistedStoreSecrets(), L9_REDIS_URL: redis.url, L9_POSTGRES_URL: postgresUrl.toString() },
    async close() {
      await redis.dispose();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    },
  };
}
