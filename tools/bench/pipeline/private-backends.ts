import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { isPortFree } from '../../../packages/l9/src/deploy/port-check';
import { throwawaySecrets } from '../../../packages/runtime/src/config/throwaway-secrets';

export interface PrivateBackends {
  env: Record<string, string>;
  close(): Promise<void>;
}

function persistedStoreSecrets(): Record<string, string> {
  const { L9_PACKET_SECRET: _packetAuthUnchanged, ...secrets } = throwawaySecrets();
  return secrets;
}

async function freePort(): Promise<number> {
  for (;;) {
    const port = 30_000 + Math.floor(Math.random() * 20_000);
    if (await isPortFree(port)) return port;
  }
}

async function waitForRedis(url: string, redis: ChildProcess): Promise<void> {
  const { default: Redis } = await import('ioredis');
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (redis.exitCode !== null) throw new Error(`redis-server exited with code ${redis.exitCode}`);
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return;
    } catch {
      client.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('redis-server did not answer');
}

/**
 * Real backends that belong to the benchmark alone: a private redis-server on a free port (no persistence)
 * and a fresh PostgreSQL database on the local server (`L9_BENCH_POSTGRES_ADMIN_URL`, default
 * postgres://postgres@127.0.0.1:5432/postgres). Both are removed by `close()`.
 */
export async function startPrivateBackends(): Promise<PrivateBackends> {
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const redisUrl = `redis://127.0.0.1:${port}`;
  await waitForRedis(redisUrl, redis);
  const adminUrl = process.env['L9_BENCH_POSTGRES_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `l9_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const postgresUrl = new URL(adminUrl);
  postgresUrl.pathname = `/${database}`;
  return {
    // A persisted audit log needs its own keys; these live as long as the database. Packet auth stays as the
    // caller's environment sets it, so the figures compare with the embedded run.
    env: { ...persistedStoreSecrets(), L9_REDIS_URL: redisUrl, L9_POSTGRES_URL: postgresUrl.toString() },
    async close() {
      redis.kill('SIGTERM');
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    },
  };
}
