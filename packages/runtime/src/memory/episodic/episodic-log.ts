import type { Backend } from '../../backend-health';
import type { JsonObject } from '../json-value';

/** Something that happened to an agent, as given to `append`. */
export interface EpisodeInput {
  agent: string;
  kind: string;
  packet_id?: string;
  trace_id?: string;
  data: JsonObject;
  /** When it happened; now when omitted. */
  occurred_at?: Date | string;
}

export interface Episode extends Omit<EpisodeInput, 'occurred_at'> {
  /** Assigned at append (a UUID) before the first attempt, so a retried insert cannot store the episode twice. */
  id: string;
  occurred_at: Date;
}

export interface EpisodeQuery {
  agent?: string;
  kind?: string;
  trace_id?: string;
  packet_id?: string;
  /** Inclusive lower bound of `occurred_at`. */
  since?: Date | string;
  /** Exclusive upper bound of `occurred_at`. */
  until?: Date | string;
  /** At most this many episodes (default 100, at most 10 000). */
  limit?: number;
  /** By `occurred_at`, then append order; oldest first by default. */
  order?: 'asc' | 'desc';
}

/** The schema's `episodicmemory`: an append-only, queryable history with a retention period. */
export interface EpisodicLog extends Backend {
  append(episode: EpisodeInput): Promise<Episode>;
  query(query?: EpisodeQuery): Promise<Episode[]>;
  /** Deletes episodes older than the retention period before `now`; returns how many. Keeps all when retention is indefinite. */
  prune(now?: Date): Promise<number>;
}

export interface EpisodicLogOptions {
  /** Retention in milliseconds (see `parseRetention`); null or undefined keeps everything. */
  retentionMs?: number | null;
}
