import type { Pool } from 'pg';
import { pgDriver } from '../../backend-drivers';
import { BackendUnavailableError } from '../errors';
import { describeError } from '../describe-error';
import { redactUrl } from '../redis-client';
import { MEMORY_MIGRATIONS } from './memory-migrations';
import { migrate } from './migrations';
import { isPgConnectionError } from './pg-errors';
import { checkSchemaName } from './schema-name';

export interface PostgresDatabaseOptions {
  url: string;
  /** Schema holding the memory tables; tests use their own (`l9_test_<random>`). */
  schema?: string;
  /** Shown in `pg_stat_activity`, so an operator (or a fault test) can find these connections. */
  applicationName?: string;
  maxConnections?: number;
}

/**
 * The pool and schema the PostgreSQL memory layers share. Migrations run once per process and schema,
 * lazily on first use, and are retried after a failed attempt (the database may come up after the agent).
 */
export class PostgresDatabase {
  readonly pool: Pool;
  readonly schema: string;
  private migrated: Promise<void> | undefined;
  private lastPoolError: string | undefined;

  constructor(readonly options: PostgresDatabaseOptions) {
    this.schema = checkSchemaName(options.schema ?? 'l9_memory');
    const { Pool: PgPool } = pgDriver();
    this.pool = new PgPool({
      connectionString: options.url,
      application_name: options.applicationName ?? 'l9-memory',
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: 2_000,
      idleTimeoutMillis: 10_000,
    });
    // An idle connection killed by the server emits here; without a listener the process would crash.
    this.pool.on('error', (error) => {
      this.lastPoolError = error.message;
    });
  }

  get displayUrl(): string {
    return redactUrl(this.options.url);
  }

  get lastIdleError(): string | undefined {
    return this.lastPoolError;
  }

  /** `"schema".table`, safe to interpolate because the schema name was validated. */
  table(name: string): string {
    return `"${this.schema}".${name}`;
  }

  ready(): Promise<void> {
    if (!this.migrated) {
      this.migrated = migrate(this.pool, this.schema, MEMORY_MIGRATIONS).then(
        () => undefined,
        (error: unknown) => {
          this.migrated = undefined;
          throw error;
        },
      );
    }
    return this.migrated;
  }

  async query<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
    await this.ready();
    const result = await this.pool.query<R>(sql, params);
    return result.rows;
  }

  /** A read that failed because PostgreSQL is unreachable becomes a `BackendUnavailableError` naming the layer. */
  async read<R extends object>(layer: string, sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return await this.query<R>(sql, params);
    } catch (error) {
      if (!isPgConnectionError(error)) throw error;
      throw new BackendUnavailableError(
        layer,
        `PostgreSQL at ${this.displayUrl} unreachable (${describeError(error)})`,
      );
    }
  }

  /** Drops this schema and everything in it (test clean-up, decommissioning an agent). */
  async dropSchema(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    this.migrated = undefined;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
