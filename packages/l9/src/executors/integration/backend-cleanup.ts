import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { RunIsolation } from './backend-set';

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

interface RedisClient {
  scan(cursor: string, ...args: Array<string | number>): Promise<[string, string[]]>;
  del(...keys: string[]): Promise<number>;
  quit(): Promise<unknown>;
  disconnect(): void;
}

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Drops what one Redis + PostgreSQL run created: its three schemas and every stream key under its prefix,
 * nothing else. `pg` and `ioredis` come from the workspace (the runtime the agents use depends on them), so
 * the plugin itself carries neither. Returns what could not be removed, for the caller to report.
 */
export async function removeRunState(
  workspaceRoot: string,
  urls: { redis: string; postgres: string },
  isolation: RunIsolation,
): Promise<string[]> {
  const load = createRequire(join(workspaceRoot, 'package.json'));
  const problems: string[] = [];
  const schemas = ['memory', 'audit', 'governance'].map((suffix) => `${isolation.pgSchemaPrefix}_${suffix}`);
  try {
    const { Client } = load('pg') as { Client: new (options: { connectionString: string }) => PgClient };
    const client = new Client({ connectionString: urls.postgres });
    await client.connect();
    try {
      for (const schema of schemas)
        await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    } finally {
      await client.end();
    }
  } catch (error) {
    problems.push(`PostgreSQL schemas ${schemas.join(', ')} were not dropped: ${(error as Error).message}`);
  }
  try {
    const Redis = load('ioredis') as new (url: string, options: object) => RedisClient;
    const redis = new Redis(urls.redis, { lazyConnect: false, maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${isolation.streamPrefix}*`, 'COUNT', 200);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      await redis.quit().catch(() => redis.disconnect());
    }
  } catch (error) {
    problems.push(`Redis keys ${isolation.streamPrefix}* were not removed: ${(error as Error).message}`);
  }
  return problems;
}
