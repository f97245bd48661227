import type { BackendHealth } from '../../backend-health';
import { BackendUnavailableError } from '../errors';
import { WriteOutbox, describeError } from '../outbox';
import { isPgConnectionError } from './pg-errors';
import type { PostgresDatabase } from './postgres-database';

export interface BufferedWritesOptions {
  outboxCapacity?: number;
  retryIntervalMs?: number;
}

/**
 * What every PostgreSQL memory layer needs for outages: writes through an ordered outbox, reads that
 * first deliver buffered writes (so an agent reads what it wrote) and otherwise fail clearly, and health.
 */
export class BufferedPostgresWrites {
  private readonly outbox: WriteOutbox;

  constructor(
    readonly db: PostgresDatabase,
    private readonly layer: string,
    options: BufferedWritesOptions = {},
  ) {
    this.outbox = new WriteOutbox({
      layer,
      capacity: options.outboxCapacity,
      retryIntervalMs: options.retryIntervalMs,
      isConnectionError: isPgConnectionError,
    });
  }

  get pending(): number {
    return this.outbox.pending;
  }

  write(description: string, sql: string, params: unknown[]): Promise<unknown> {
    return this.outbox.write(description, async () => {
      await this.db.query(sql, params);
    });
  }

  async read<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
    if (this.outbox.pending > 0) {
      await this.outbox.flush();
      if (this.outbox.pending > 0) {
        throw new BackendUnavailableError(
          this.layer,
          `PostgreSQL unreachable (${this.outbox.connectionProblem ?? 'reconnecting'}); ` +
            `${this.outbox.pending} writes wait, so a read now would miss them`,
        );
      }
    }
    return this.db.read<R>(this.layer, sql, params);
  }

  flush(): Promise<void> {
    return this.outbox.flush();
  }

  async health(): Promise<BackendHealth> {
    const base = { name: this.layer, kind: 'postgres' as const };
    if (this.outbox.pending > 0) {
      void this.outbox.flush();
      return { ...base, status: 'down', detail: this.outbox.describeBacklog() };
    }
    try {
      await this.db.query('SELECT 1');
    } catch (error) {
      return { ...base, status: 'down', detail: describeError(error) };
    }
    return { ...base, status: 'up', detail: this.outbox.describeBacklog() ?? `schema ${this.db.schema}` };
  }

  close(): Promise<void> {
    return this.outbox.close();
  }
}
