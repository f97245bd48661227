import type { Pool, PoolConfig } from 'pg';
import { withSchemaLock } from '../postgres/schema-lock';
import { storePool } from '../postgres/store-pool';
import type { BackendHealth } from '../backend-health';
import { sqlIdentifier } from '../audit/sql-identifier';
import type { EscalationRecord, EscalationResolution, EscalationStatus } from './escalation-record';
import type { EscalationStore, ResolveOutcome } from './escalation-store';

export interface PostgresEscalationStoreOptions {
  /** A pool the caller owns (left open by `close()`), or a connection string. */
  pool?: Pool;
  connectionString?: string;
  poolConfig?: Omit<PoolConfig, 'connectionString'>;
  /** Created if missing; default `public`. */
  schema?: string;
  /** Default `l9_governance_escalations`. */
  table?: string;
  name?: string;
}

interface Row {
  id: string;
  status: EscalationStatus;
  created_at: string;
  record: Omit<EscalationRecord, 'id' | 'status' | 'created_at' | 'resolution'>;
  resolution: EscalationResolution | null;
}

/** Escalations in PostgreSQL: status is a column so paused records are found by index, the rest is jsonb. */
export class PostgresEscalationStore implements EscalationStore {
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  /** The schema's plain name (the key of its DDL lock) and its quoted form. */
  private readonly schemaName: string;
  private readonly schema: string;
  private readonly table: string;
  private readonly name: string;
  private ready?: Promise<void>;

  constructor(options: PostgresEscalationStoreOptions) {
    ({ pool: this.pool, ownsPool: this.ownsPool } = storePool(options, 'PostgresEscalationStore'));
    const table = options.table ?? 'l9_governance_escalations';
    this.schemaName = options.schema ?? 'public';
    this.schema = sqlIdentifier(this.schemaName, 'governance schema');
    this.table = `${this.schema}.${sqlIdentifier(table, 'governance table')}`;
    this.name = options.name ?? 'governance-escalations';
  }

  /** Creates the schema and table if missing; every other method calls it first. */
  init(): Promise<void> {
    this.ready ??= withSchemaLock(this.pool, this.schemaName, async (client) => {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.table} (
        id text PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('paused', 'approved', 'rejected', 'overridden')),
        created_at text NOT NULL,
        record jsonb NOT NULL,
        resolution jsonb,
        position bigserial NOT NULL
      )`);
    }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async create(record: EscalationRecord): Promise<void> {
    await this.init();
    const { id, status, created_at, resolution, ...rest } = record;
    await this.pool.query(
      `INSERT INTO ${this.table} (id, status, created_at, record, resolution) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)`,
      [id, status, created_at, JSON.stringify(rest), resolution ? JSON.stringify(resolution) : null],
    );
  }

  async get(id: string): Promise<EscalationRecord | undefined> {
    await this.init();
    const { rows } = await this.pool.query<Row>(`SELECT * FROM ${this.table} WHERE id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async list(filter: { status?: EscalationStatus } = {}): Promise<EscalationRecord[]> {
    await this.init();
    const { rows } = filter.status
      ? await this.pool.query<Row>(`SELECT * FROM ${this.table} WHERE status = $1 ORDER BY position`, [filter.status])
      : await this.pool.query<Row>(`SELECT * FROM ${this.table} ORDER BY position`);
    return rows.map(toRecord);
  }

  async resolve(
    id: string,
    status: Exclude<EscalationStatus, 'paused'>,
    resolution: EscalationResolution,
  ): Promise<ResolveOutcome> {
    await this.init();
    const { rows } = await this.pool.query<Row>(
      `UPDATE ${this.table} SET status = $2, resolution = $3::jsonb WHERE id = $1 AND status = 'paused' RETURNING *`,
      [id, status, JSON.stringify(resolution)],
    );
    if (rows[0]) return { kind: 'resolved', record: toRecord(rows[0]) };
    const existing = await this.get(id);
    return existing ? { kind: 'already_resolved', record: existing } : { kind: 'not_found' };
  }

  async health(): Promise<BackendHealth> {
    try {
      await this.init();
      await this.pool.query('SELECT 1');
      return { name: this.name, kind: 'postgres', status: 'up' };
    } catch (error) {
      return { name: this.name, kind: 'postgres', status: 'down', detail: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}

function toRecord(row: Row): EscalationRecord {
  return {
    id: row.id,
    status: row.status,
    created_at: row.created_at,
    ...row.record,
    ...(row.resolution ? { resolution: row.resolution } : {}),
  };
}
