import type { BackendHealth } from '../../backend-health';
import { type Clock, systemClock } from '../clock';
import type { JsonObject } from '../json-value';
import { PostgresWrites } from '../postgres/postgres-writes';
import type { PostgresDatabase } from '../postgres/postgres-database';
import { normalizeQuery, toDate, toEpisode } from './episode-input';
import type { Episode, EpisodeInput, EpisodeQuery, EpisodicLog, EpisodicLogOptions } from './episodic-log';

export interface PostgresEpisodicLogOptions extends EpisodicLogOptions {
  db: PostgresDatabase;
  clock?: Clock;
}

interface EpisodeRow {
  id: string;
  agent: string;
  kind: string;
  packet_id: string | null;
  trace_id: string | null;
  data: JsonObject;
  occurred_at: Date;
}

/** Episodic log in PostgreSQL (`<schema>.episodes`); an append resolves once the episode is stored. */
export class PostgresEpisodicLog implements EpisodicLog {
  private readonly writes: PostgresWrites;
  private readonly clock: Clock;

  constructor(private readonly options: PostgresEpisodicLogOptions) {
    this.writes = new PostgresWrites(options.db, 'episodic-log');
    this.clock = options.clock ?? systemClock;
  }

  async append(input: EpisodeInput): Promise<Episode> {
    const episode = toEpisode(input, new Date(this.clock()));
    await this.writes.write(
      `append episode ${episode.id}`,
      `INSERT INTO ${this.options.db.table('episodes')} (id, agent, kind, packet_id, trace_id, data, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [
        episode.id,
        episode.agent,
        episode.kind,
        episode.packet_id ?? null,
        episode.trace_id ?? null,
        episode.data,
        episode.occurred_at,
      ],
    );
    return structuredClone(episode);
  }

  async query(query?: EpisodeQuery): Promise<Episode[]> {
    const q = normalizeQuery(query);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      conditions.push(condition.replace('?', `$${params.length}`));
    };
    if (q.agent !== undefined) add('agent = ?', q.agent);
    if (q.kind !== undefined) add('kind = ?', q.kind);
    if (q.trace_id !== undefined) add('trace_id = ?', q.trace_id);
    if (q.packet_id !== undefined) add('packet_id = ?', q.packet_id);
    if (q.since !== undefined) add('occurred_at >= ?', q.since);
    if (q.until !== undefined) add('occurred_at < ?', q.until);
    params.push(q.limit);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const direction = q.order === 'asc' ? 'ASC' : 'DESC';
    const rows = await this.writes.read<EpisodeRow>(
      `SELECT id, agent, kind, packet_id, trace_id, data, occurred_at FROM ${this.options.db.table('episodes')}
       ${where} ORDER BY occurred_at ${direction}, seq ${direction} LIMIT $${params.length}`,
      params,
    );
    return rows.map(fromRow);
  }

  async prune(now?: Date): Promise<number> {
    const retention = this.options.retentionMs;
    if (retention === undefined || retention === null) return 0;
    const cutoff = new Date((now ? toDate(now, 'prune(now)') : new Date(this.clock())).getTime() - retention);
    const rows = await this.writes.read<{ count: string }>(
      `WITH deleted AS (DELETE FROM ${this.options.db.table('episodes')} WHERE occurred_at < $1 RETURNING 1)
       SELECT count(*) AS count FROM deleted`,
      [cutoff],
    );
    return Number(rows[0]?.count ?? 0);
  }

  health(): Promise<BackendHealth> {
    return this.writes.health();
  }

  async close(): Promise<void> {
    // The pool is the database's, closed by whoever opened it.
  }
}

function fromRow(row: EpisodeRow): Episode {
  const episode: Episode = {
    id: row.id,
    agent: row.agent,
    kind: row.kind,
    data: row.data,
    occurred_at: row.occurred_at,
  };
  if (row.packet_id !== null) episode.packet_id = row.packet_id;
  if (row.trace_id !== null) episode.trace_id = row.trace_id;
  return episode;
}
