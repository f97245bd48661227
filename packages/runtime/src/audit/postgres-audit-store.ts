import type { Pool } from 'pg';
import { poolStoreHealth } from '../postgres/store-health';
import { storePool, type StorePoolOptions } from '../postgres/store-pool';
import type { BackendHealth } from '../backend-health';
import { isPgConnectionError } from '../memory/postgres/pg-errors';
import { AuditEntryRejectedError, AuditSequenceConflictError, type AuditStore } from './audit-store';
import { signedAuditHeadSchema, type AuditEntry, type SignedAuditHead } from './audit-types';
import { withSchemaLock } from '../postgres/schema-lock';
import { sqlIdentifier } from './sql-identifier';

/** Either a pool the caller owns (not closed by `close()`) or a connection string, and where the log goes. */
export interface PostgresAuditStoreOptions extends StorePoolOptions {
  /** Schema created if missing; default `public`. */
  schema?: string;
  /** Entry table; checkpoints go to `<table>_checkpoints`. Default `l9_audit_log`. */
  table?: string;
  /** Table of latest signed heads, one row per log of the schema, keyed by the entry table's name. Default `audit_heads`. */
  headsTable?: string;
  name?: string;
}

/** An entry as pg returns it: `seq` is a bigint, which comes back as text. */
type EntryRow = Omit<AuditEntry, 'seq'> & { seq: string };

interface SignedHeadRow {
  head: string;
}

/**
 * PostgreSQL store. `seq` is the primary key, so two writers can never both claim a position in the
 * chain. `at` is kept as text: it is part of the signed bytes and must come back exactly as written. Signed
 * heads and checkpoints are stored as the JSON text that was signed, so jsonb cannot reorder them.
 */
export class PostgresAuditStore implements AuditStore {
  readonly kind = 'postgres' as const;
  readonly location: string;
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly entriesTable: string;
  private readonly checkpointsTable: string;
  private readonly headsTable: string;
  /** This log's key in the heads table. */
  private readonly logName: string;
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
    this.headsTable = `${this.schema}.${sqlIdentifier(options.headsTable ?? 'audit_heads', 'audit heads table')}`;
    this.logName = table;
    this.location = `PostgreSQL table ${this.schemaName}.${table}`;
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
        head text NOT NULL
      )`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.headsTable} (
        log text PRIMARY KEY,
        seq bigint NOT NULL,
        head text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    });
  }

  async head(): Promise<AuditEntry | undefined> {
    await this.init();
    const { rows } = await this.pool.query<EntryRow>(
      `SELECT * FROM ${this.entriesTable} ORDER BY seq DESC LIMIT 1`,
    );
    return rows[0] && toEntry(rows[0]);
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.appendBatch([entry]);
  }

  /** One multi-row INSERT: a single statement, so the batch is stored all or none. */
  async appendBatch(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    for (const entry of entries) refuseUnstorableText(entry);
    await this.init();
    const rows = entries.map(
      (_, row) =>
        `(${[1, 2, 3, 4, 5, 6, 7, 8].map((column) => `$${row * 8 + column}${column === 6 ? '::jsonb' : ''}`).join(', ')})`,
    );
    const values = entries.flatMap((entry) => [
      entry.seq,
      entry.at,
      entry.agent,
      entry.action,
      entry.subject,
      JSON.stringify(entry.data),
      entry.prev_hash,
      entry.hash,
    ]);
    try {
      await this.pool.query(
        `INSERT INTO ${this.entriesTable} (seq, at, agent, action, subject, data, prev_hash, hash) VALUES ${rows.join(', ')}`,
        values,
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new AuditSequenceConflictError(entries[0].seq);
      throw error;
    }
  }

  /** A lost connection or a server shutting down; anything else the server answered is about the rows sent. */
  isUnavailable(error: unknown): boolean {
    return !(error instanceof AuditEntryRejectedError) && isPgConnectionError(error);
  }

  async appendCheckpoint(checkpoint: SignedAuditHead): Promise<void> {
    await this.init();
    await this.pool.query(`INSERT INTO ${this.checkpointsTable} (seq, head) VALUES ($1, $2)`, [
      checkpoint.seq,
      JSON.stringify(checkpoint),
    ]);
  }

  async signedHead(): Promise<SignedAuditHead | undefined> {
    await this.init();
    const { rows } = await this.pool.query<SignedHeadRow>(
      `SELECT head FROM ${this.headsTable} WHERE log = $1`,
      [this.logName],
    );
    return rows[0] && parseHead(rows[0].head, `${this.headsTable} row ${this.logName}`);
  }

  /**
   * One row per log, replaced in one statement. A head never moves backwards: when two writers share the log,
   * the one that signed the shorter log loses the race instead of hiding the other's entries.
   */
  async saveSignedHead(head: SignedAuditHead): Promise<void> {
    await this.init();
    await this.pool.query(
      `INSERT INTO ${this.headsTable} AS current (log, seq, head) VALUES ($1, $2, $3)
       ON CONFLICT (log) DO UPDATE SET seq = EXCLUDED.seq, head = EXCLUDED.head, updated_at = now() WHERE current.seq < EXCLUDED.seq`,
      [this.logName, head.seq, JSON.stringify(head)],
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

  async checkpoints(): Promise<SignedAuditHead[]> {
    await this.init();
    const { rows } = await this.pool.query<{ seq: string; head: string }>(
      `SELECT seq, head FROM ${this.checkpointsTable} ORDER BY seq`,
    );
    return rows.map((row) => parseHead(row.head, `${this.checkpointsTable} row ${row.seq}`));
  }

  health(): Promise<BackendHealth> {
    return poolStoreHealth(this.name, this.pool, () => this.init());
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

function parseHead(text: string, where: string): SignedAuditHead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`audit ${where}: not valid JSON (damaged or edited)`);
  }
  const parsed = signedAuditHeadSchema.safeParse(value);
  if (!parsed.success) throw new Error(`audit ${where}: not a signed audit head (damaged or edited)`);
  return parsed.data;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * PostgreSQL refuses a NUL in text, and silently replaces a lone surrogate with U+FFFD, which would leave a row
 * that no longer matches its hash. Such an entry is refused before it is sent, as a rejection of that entry alone.
 */
function refuseUnstorableText(entry: AuditEntry): void {
  for (const [column, value] of [
    ['agent', entry.agent],
    ['action', entry.action],
    ['subject', entry.subject],
    ['at', entry.at],
  ] as const) {
    if (value === null) continue;
    if (value.includes('\u0000'))
      throw new AuditEntryRejectedError(entry.seq, `${column} contains a NUL character`);
    if (LONE_SURROGATE.test(value))
      throw new AuditEntryRejectedError(entry.seq, `${column} contains a lone UTF-16 surrogate`);
  }
}
