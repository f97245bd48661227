import type IORedis from 'ioredis';
import type * as Neo4j from 'neo4j-driver';
import type * as Pg from 'pg';

/*
 * The database drivers, required on first use instead of at import. Together ioredis, pg and neo4j-driver cost
 * about 20 MB of RSS and their load time, and an agent on embedded backends (no L9_REDIS_URL, L9_POSTGRES_URL
 * or L9_NEO4J_URL) never opens a connection: it should not carry them. Node caches the module after the first
 * call, so later calls are a lookup.
 */

export function ioredisDriver(): typeof IORedis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ioredis') as typeof IORedis;
}

export function pgDriver(): typeof Pg {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('pg') as typeof Pg;
}

export function neo4jDriver(): typeof Neo4j.default {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('neo4j-driver') as typeof Neo4j).default;
}
