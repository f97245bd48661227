import type { Pool, QueryResult, QueryResultRow } from 'pg';
import { isPgConnectionError } from '../memory/postgres/pg-errors';
import { BackendUnavailableError } from '../server/backend-unavailable-error';
import { withSchemaLock } from '../postgres/schema-lock';
import { poolStoreHealth } from '../postgres/store-health';
import { storePool, type StorePoolOptions } from '../postgres/store-pool';
import type { BackendHealth } from '../backend-health';
import { sqlIdentifier } from '../audit/sql-identifier';
import type {
  EscalationOutcome,
  EscalationRecord,
  EscalationResolution,
  EscalationStatus,
  OutcomeDelivery,
} from './escalation-record';
import type {
  CreateOutcome,
  EscalationPage,
  EscalationQuery,
  EscalationStore,
  ResolveOutcome,
} from './escalation-store';

/** A pool the caller owns (left open by `close()`), or a connection string, and where the escalations go. */
export interface PostgresEscalationStoreOptions extends StorePoolOptions {
  /** Created if missing; default `public`. */
  schema?: string;
  /** Default `l9_governance_escalations`. */
  table?: string;
  name?: string;
}

interface Row {
  id: string;
  packet_id: string | null;
  status: EscalationStatus;
  created_at: string;
  record: Omit<
    EscalationRecord,
    'id' | 'status' | 'created_at' | 'resolution' | 'outcome' | 'delivered_at' | 'deliveries'
  >;
  resolution: EscalationResolution | null;
  outcome: EscalationOutcome | null;
  delivered_at: string | null;
  deliveries: OutcomeDelivery[] | null;
  position: string;
}

/**
 * Escalations in PostgreSQL: status, packet id and outcome are columns so every state change is one
 * conditional UPDATE (a compare-and-set two agents or a restart cannot both win), and a resent packet finds its
 * escalation through the unique packet id; the rest of the record is jsonb.
 */
export class PostgresEscalationStore implements EscalationStore {
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  /** The schema's plain name (the key of its DDL lock) and its quoted form. */
  private readonly schemaName: string;
  private readonly schema: string;
  private readonly tableName: string;
  private readonly table: string;
  private readonly name: string;
  private ready?: Promise<void>;

  constructor(options: PostgresEscalationStoreOptions) {
    ({ pool: this.pool, ownsPool: this.ownsPool } = storePool(options, 'PostgresEscalationStore'));
    this.tableName = options.table ?? 'l9_governance_escalations';
    this.schemaName = options.schema ?? 'public';
    this.schema = sqlIdentifier(this.schemaName, 'governance schema');
    this.table = `${this.schema}.${sqlIdentifier(this.tableName, 'governance table')}`;
    this.name = options.name ?? 'governance-escalations';
  }

  /** Creates the schema and table if missing (and adds the columns of held work to an older table); every other method calls it first. */
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
      await client.query(`ALTER TABLE ${this.table}
        ADD COLUMN IF NOT EXISTS packet_id text,
        ADD COLUMN IF NOT EXISTS outcome jsonb,
        ADD COLUMN IF NOT EXISTS delivered_at text,
        ADD COLUMN IF NOT EXISTS deliveries jsonb`);
      const index = sqlIdentifier(`${this.tableName.slice(0, 50)}_packet_id`, 'governance index');
      await client.query(`CREATE UNIQUE INDEX IF NOT EXISTS ${index} ON ${this.table} (packet_id)`);
    }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /**
   * One statement, after `init`. A refused or lost connection becomes a BackendUnavailableError, so the agent
   * answers 503 (retry later) instead of 500: nothing was decided, the database was away.
   */
  private async query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>> {
    try {
      await this.init();
      return await this.pool.query<R>(text, values);
    } catch (error) {
      if (isPgConnectionError(error))
        throw new BackendUnavailableError('governance', `PostgreSQL: ${(error as Error).message}`);
      throw error;
    }
  }

  async create(record: EscalationRecord): Promise<CreateOutcome> {
    const {
      id,
      status,
      created_at,
      resolution,
      outcome,
      delivered_at: _delivered,
      deliveries: _deliveries,
      ...rest
    } = record;
    const packetId = record.decision.packet_id ?? null;
    const { rows } = await this.query<Row>(
      `INSERT INTO ${this.table} (id, packet_id, status, created_at, record, resolution, outcome) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb)
       ON CONFLICT (packet_id) DO NOTHING RETURNING *`,
      [id, packetId, status, created_at, JSON.stringify(rest), json(resolution), json(outcome)],
    );
    if (rows[0]) return { kind: 'created', record: toRecord(rows[0]) };
    const existing = packetId === null ? undefined : await this.findByPacketId(packetId);
    if (!existing) throw new Error(`escalation for packet ${packetId} conflicted but cannot be read back`);
    return { kind: 'existing', record: existing };
  }

  async get(id: string): Promise<EscalationRecord | undefined> {
    const { rows } = await this.query<Row>(`SELECT * FROM ${this.table} WHERE id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async findByPacketId(packetId: string): Promise<EscalationRecord | undefined> {
    const { rows } = await this.query<Row>(`SELECT * FROM ${this.table} WHERE packet_id = $1`, [packetId]);
    return rows[0] && toRecord(rows[0]);
  }

  async list(query: EscalationQuery): Promise<EscalationPage> {
    const { rows } = await this.query<Row>(
      `SELECT * FROM ${this.table} WHERE position > $1 AND ($2::text IS NULL OR status = $2) ORDER BY position LIMIT $3`,
      [query.cursor ?? '0', query.status ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      records: page.map(toRecord),
      ...(rows.length > page.length && last ? { next_cursor: String(last.position) } : {}),
    };
  }

  async resolve(
    id: string,
    status: Exclude<EscalationStatus, 'paused'>,
    resolution: EscalationResolution,
    outcome?: EscalationOutcome,
  ): Promise<ResolveOutcome> {
    const { rows } = await this.query<Row>(
      `UPDATE ${this.table} SET status = $2, resolution = $3::jsonb, outcome = $4::jsonb WHERE id = $1 AND status = 'paused' RETURNING *`,
      [id, status, JSON.stringify(resolution), json(outcome)],
    );
    if (rows[0]) return { kind: 'resolved', record: toRecord(rows[0]) };
    const existing = await this.get(id);
    return existing ? { kind: 'already_resolved', record: existing } : { kind: 'not_found' };
  }

  claim(id: string, at: string): Promise<EscalationRecord | undefined> {
    return this.update(`outcome = $2::jsonb`, `status = 'approved' AND outcome IS NULL AND record ? 'work'`, [
      id,
      JSON.stringify({ state: 'running', at }),
    ]);
  }

  finish(id: string, outcome: EscalationOutcome): Promise<EscalationRecord | undefined> {
    return this.update(`outcome = $2::jsonb`, `outcome->>'state' = 'running'`, [id, JSON.stringify(outcome)]);
  }

  markDelivered(
    id: string,
    deliveries: OutcomeDelivery[],
    at: string,
  ): Promise<EscalationRecord | undefined> {
    return this.update(
      `delivered_at = $3, deliveries = $2::jsonb`,
      `outcome IS NOT NULL AND outcome->>'state' <> 'running' AND delivered_at IS NULL`,
      [id, JSON.stringify(deliveries), at],
    );
  }

  private async update(
    set: string,
    condition: string,
    values: unknown[],
  ): Promise<EscalationRecord | undefined> {
    const { rows } = await this.query<Row>(
      `UPDATE ${this.table} SET ${set} WHERE id = $1 AND ${condition} RETURNING *`,
      values,
    );
    return rows[0] && toRecord(rows[0]);
  }

  async unsettled(): Promise<EscalationRecord[]> {
    const { rows } = await this.query<Row>(
      `SELECT * FROM ${this.table} WHERE record ? 'work' AND (
         (status = 'approved' AND outcome IS NULL) OR outcome->>'state' = 'running' OR (outcome IS NOT NULL AND delivered_at IS NULL)
       ) ORDER BY position`,
    );
    return rows.map(toRecord);
  }

  health(): Promise<BackendHealth> {
    return poolStoreHealth(this.name, this.pool, () => this.init());
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function toRecord(row: Row): EscalationRecord {
  return {
    id: row.id,
    status: row.status,
    created_at: row.created_at,
    ...row.record,
    ...(row.resolution ? { resolution: row.resolution } : {}),
    ...(row.outcome ? { outcome: row.outcome } : {}),
    ...(row.delivered_at ? { delivered_at: row.delivered_at } : {}),
    ...(row.deliveries ? { deliveries: row.deliveries } : {}),
  };
}
