import type { BackendHealth } from '../../backend-health';
import { describeError } from '../describe-error';
import { WriteThrough } from '../write-through';
import { isPgConnectionError } from './pg-errors';
import type { PostgresDatabase } from './postgres-database';

/**
 * What every PostgreSQL memory layer needs: writes that are stored before they are acknowledged (see
 * write-through.ts), reads that fail clearly while the database is away, and health.
 */
export class PostgresWrites {
  private readonly writes: WriteThrough;

  constructor(
    readonly db: PostgresDatabase,
    private readonly layer: string,
  ) {
    this.writes = new WriteThrough({
      layer,
      backend: `PostgreSQL at ${db.displayUrl}`,
      isConnectionError: isPgConnectionError,
    });
  }

  /** Resolves with the rows the statement returns (`RETURNING`) once PostgreSQL has stored the write. */
  write<R extends object = object>(description: string, sql: string, params: unknown[]): Promise<R[]> {
    return this.writes.write(description, () => this.db.query<R>(sql, params));
  }

  read<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.db.read<R>(this.layer, sql, params);
  }

  async health(): Promise<BackendHealth> {
    const base = { name: this.layer, kind: 'postgres' as const };
    try {
      await this.db.query('SELECT 1');
    } catch (error) {
      return { ...base, status: 'down', detail: describeError(error) };
    }
    return { ...base, status: 'up', detail: `schema ${this.db.schema}` };
  }
}
