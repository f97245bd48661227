import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { isPortFree } from '../../../packages/l9/src/deploy/port-check';

export interface PrivateBackends {
  env: { L9_REDIS_URL: string; L9_POSTGRES_URL: string; L9_AUDIT_KEY: string };
  close(): Promise<void>;
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
    // A persisted audit log needs a stable HMAC key; this one lives as long as the database.
    env: { L9_REDIS_URL: redisUrl, L9_POSTGRES_URL: postgresUrl.toString(), L9_AUDIT_KEY: randomBytes(32).toString('hex') },
    async close() {
      redis.kill('SIGTERM');
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    },
  };
}
