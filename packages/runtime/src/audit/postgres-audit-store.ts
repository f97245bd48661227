import type { Pool, PoolConfig } from 'pg';
import { storePool } from '../postgres/store-pool';
import type { BackendHealth } from '../backend-health';
import { AuditSequenceConflictError, type AuditStore } from './audit-store';
import type { AuditCheckpoint, AuditEntry, JsonValue } from './audit-types';
import { withSchemaLock } from '../postgres/schema-lock';
import { sqlIdentifier } from './sql-identifier';

export interface PostgresAuditStoreOptions {
  /** Either a pool the caller owns (not closed by `close()`) or a connection string. */
  pool?: Pool;
  connectionString?: string;
  poolConfig?: Omit<PoolConfig, 'connectionString'>;
  /** Schema created if missing; default `public`. */
  schema?: string;
  /** Entry table; checkpoints go to `<table>_checkpoints`. Default `l9_audit_log`. */
  table?: string;
  name?: string;
}

interface EntryRow {
  seq: string;
  at: string;
  agent: string;
  action: string;
  subject: string | null;
  data: JsonValue;
  prev_hash: string;
  hash: string;
}

interface CheckpointRow {
  seq: string;
  head_hash: string;
  count: string;
  at: string;
  signature: string;
}

/**
 * PostgreSQL store. `seq` is the primary key, so two writers can never both claim a position in the
 * chain. `at` is kept as text: it is part of the signed bytes and must come back exactly as written.
 */
export class PostgresAuditStore implements AuditStore {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly entriesTable: string;
  private readonly checkpointsTable: string;
  /** The schema's plain name (the key of its DDL lock) and its quoted form. */
  private readonly schemaName: string;
  private readonly schema: string;
  private readonly name: string;
  private ready?: Promise<void>;

  constructor(options: PostgresAuditStoreOptions) {
    ({ pool: this.pool, ownsPool: this.ownsPool } = storePool(options, 'PostgresAuditStore'));
    const table = options.table ?? 'l9_audit_log';
    this.schemaName = options.schema ?? 'public';
    this.schema = sqlIdentifier(this.schemaName, 'audit schema');
    this.entriesTable = `${this.schema}.${sqlIdentifier(table, 'audit table')}`;
    this.checkpointsTable = `${this.schema}.${sqlIdentifier(`${table}_checkpoints`, 'audit checkpoint table')}`;
    this.name = options.name ?? 'audit-log';
  }

  /** Creates the schema and tables if missing; every other method calls it first. */
  init(): Promise<void> {
    this.ready ??= this.createTables().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private createTables(): Promise<void> {
    return withSchemaLock(this.pool, this.schemaName, async (client) => {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.entriesTable} (
        position bigserial NOT NULL,
        seq bigint PRIMARY KEY,
        at text NOT NULL,
        agent text NOT NULL,
        action text NOT NULL,
        subject text,
        data jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      )`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.checkpointsTable} (
        seq bigint PRIMARY KEY,
        head_hash text NOT NULL,
        count bigint NOT NULL,
        at text NOT NULL,
        signature text NOT NULL
      )`);
    });
  }

  async head(): Promise<AuditEntry | undefined> {
    await this.init();
    const { rows } = await this.pool.query<EntryRow>(`SELECT * FROM ${this.entriesTable} ORDER BY seq DESC LIMIT 1`);
    return rows[0] && toEntry(rows[0]);
  }

  async lastCheckpoint(): Promise<AuditCheckpoint | undefined> {
    await this.init();
    const { rows } = await this.pool.query<CheckpointRow>(
      `SELECT * FROM ${this.checkpointsTable} ORDER BY seq DESC LIMIT 1`,
    );
    return rows[0] && toCheckpoint(rows[0]);
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.appendBatch([entry]);
  }

  /** One multi-row INSERT: a single statement, so the batch is stored all or none. */
  async appendBatch(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.init();
    const rows = entries.map((_, row) => `(${[1, 2, 3, 4, 5, 6, 7, 8].map((column) => `$${row * 8 + column}${column === 6 ? '::jsonb' : ''}`).join(', ')})`);
    const values = entries.flatMap((entry) => [entry.seq, entry.at, entry.agent, entry.action, entry.subject, JSON.stringify(entry.data), entry.prev_hash, entry.hash]);
    try {
      await this.pool.query(`INSERT INTO ${this.entriesTable} (seq, at, agent, action, subject, data, prev_hash, hash) VALUES ${rows.join(', ')}`, values);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new AuditSequenceConflictError(entries[0].seq);
      throw error;
    }
  }

  async appendCheckpoint(checkpoint: AuditCheckpoint): Promise<void> {
    await this.init();
    await this.pool.query(
      `INSERT INTO ${this.checkpointsTable} (seq, head_hash, count, at, signature) VALUES ($1, $2, $3, $4, $5)`,
      [checkpoint.seq, checkpoint.head_hash, checkpoint.count, checkpoint.at, checkpoint.signature],
    );
  }

  /**
   * Entries come back in the order they were stored (`position`), not sorted by `seq`: sorting would hide
   * a reordering from the verifier.
   */
  async entries(): Promise<AuditEntry[]> {
    await this.init();
    const { rows } = await this.pool.query<EntryRow>(
      `SELECT seq, at, agent, action, subject, data, prev_hash, hash FROM ${this.entriesTable} ORDER BY position`,
    );
    return rows.map(toEntry);
  }

  async checkpoints(): Promise<AuditCheckpoint[]> {
    await this.init();
    const { rows } = await this.pool.query<CheckpointRow>(`SELECT * FROM ${this.checkpointsTable} ORDER BY seq`);
    return rows.map(toCheckpoint);
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

function toEntry(row: EntryRow): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    agent: row.agent,
    action: row.action,
    subject: row.subject,
    data: row.data,
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}

function toCheckpoint(row: CheckpointRow): AuditCheckpoint {
  return {
    seq: Number(row.seq),
    head_hash: row.head_hash,
    count: Number(row.count),
    at: row.at,
    signature: row.signature,
  };
}
