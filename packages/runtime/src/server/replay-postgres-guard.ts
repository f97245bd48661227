import { randomUUID } from 'node:crypto';
import type { Pool, PoolConfig } from 'pg';
import type { BackendHealth } from '../backend-health';
import { sqlIdentifier } from '../audit/sql-identifier';
import { withSchemaLock } from '../postgres/schema-lock';
import { storePool } from '../postgres/store-pool';
import type { ReplayClaim, ReplayGuard } from './replay-guard';

export interface PostgresReplayGuardOptions {
  /** Either a pool the caller owns (not closed by `close()`) or a connection string. */
  pool?: Pool;
  connectionString?: string;
  poolConfig?: Omit<PoolConfig, 'connectionString'>;
  /** Schema created if missing (the agent's governance schema). */
  schema: string;
  agentId: string;
  /** Milliseconds clock the expiries are written and compared in. */
  now?: () => number;
}

/** A row lost between the insert and the read (released, or pruned when expired) is claimed again. */
const CLAIM_ATTEMPTS = 3;

const PRUNE_INTERVAL_MS = 60_000;

/**
 * Packet ids on PostgreSQL: one row per claimed id in `<schema>.replay_claims_<agent>`, the packet id its
 * primary key, so two claims of one id cannot both insert, with the content hash, the claim's token and its
 * expiry (ms since the epoch). An expired row is taken over by the next claim of its id; expired rows are
 * pruned after the first claim and then at most once a minute.
 */
export class PostgresReplayGuard implements ReplayGuard {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly schemaName: string;
  private readonly table: string;
  private readonly now: () => number;
  private ready?: Promise<void>;
  private nextPruneAt = 0;

  constructor(options: PostgresReplayGuardOptions) {
    ({ pool: this.pool, ownsPool: this.ownsPool } = storePool(options, 'PostgresReplayGuard'));
    this.schemaName = options.schema;
    this.table = `${sqlIdentifier(options.schema, 'replay schema')}.${sqlIdentifier(`replay_claims_${options.agentId.replace(/-/g, '_')}`, 'replay table')}`;
    this.now = options.now ?? Date.now;
  }

  /** Creates the schema and table if missing, under the schema's lock; every claim calls it first. */
  init(): Promise<void> {
    this.ready ??= withSchemaLock(this.pool, this.schemaName, async (client) => {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${sqlIdentifier(this.schemaName, 'replay schema')}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.table} (
        packet_id text PRIMARY KEY,
        content_hash text NOT NULL,
        claim_token text NOT NULL,
        expires_at bigint NOT NULL
      )`);
    }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async claim(packetId: string, contentHash: string, ttlMs: number): Promise<ReplayClaim> {
    await this.init();
    const now = this.now();
    const token = randomUUID();
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
      // Inserts the id, or takes over its row once expired; a live row is left alone and returns nothing.
      const inserted = await this.pool.query(
        `INSERT INTO ${this.table} AS claim (packet_id, content_hash, claim_token, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (packet_id) DO UPDATE SET content_hash = EXCLUDED.content_hash, claim_token = EXCLUDED.claim_token, expires_at = EXCLUDED.expires_at
         WHERE claim.expires_at <= $5
         RETURNING packet_id`,
        [packetId, contentHash, token, now + Math.ceil(ttlMs), now],
      );
      if (inserted.rowCount === 1) {
        this.pruneWhenDue(now);
        return { status: 'claimed', release: () => this.release(packetId, token) };
      }
      const held = await this.pool.query<{ content_hash: string }>(
        `SELECT content_hash FROM ${this.table} WHERE packet_id = $1 AND expires_at > $2`,
        [packetId, now],
      );
      if (held.rows[0])
        return held.rows[0].content_hash === contentHash ? { status: 'seen' } : { status: 'conflict' };
    }
    throw new Error(`packet id ${packetId} kept changing hands on PostgreSQL`);
  }

  private async release(packetId: string, token: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE packet_id = $1 AND claim_token = $2`, [
      packetId,
      token,
    ]);
  }

  /** Deletes expired rows; returns how many. */
  async prune(): Promise<number> {
    await this.init();
    const now = this.now();
    this.nextPruneAt = now + PRUNE_INTERVAL_MS;
    const result = await this.pool.query(`DELETE FROM ${this.table} WHERE expires_at <= $1`, [now]);
    return result.rowCount ?? 0;
  }

  /** Pruning is housekeeping: it runs beside the packet, and a failure waits for the next interval. */
  private pruneWhenDue(now: number): void {
    if (now < this.nextPruneAt) return;
    this.nextPruneAt = now + PRUNE_INTERVAL_MS;
    this.prune().catch(() => undefined);
  }

  async health(): Promise<BackendHealth> {
    try {
      await this.init();
      await this.pool.query('SELECT 1');
      return { name: 'replay-guard', kind: 'postgres', status: 'up' };
    } catch (error) {
      return {
        name: 'replay-guard',
        kind: 'postgres',
        status: 'down',
        detail: error instanceof Error ? error.message : String(error),
      };
    }
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
