import { flatUuid } from '../flat-uuid';
import { MemoryValidationError } from '../errors';
import { jsonObjectText, requireNonEmpty, type JsonObject } from '../json-value';
import type { Episode, EpisodeInput, EpisodeQuery } from './episodic-log';

export const DEFAULT_QUERY_LIMIT = 100;
export const MAX_QUERY_LIMIT = 10_000;

/** An episode checked for storage: its data as JSON text and its time in ms (what the in-process log keeps). */
export interface CheckedEpisode {
  id: string;
  agent: string;
  kind: string;
  /** JSON text of a JSON object. */
  data: string;
  occurredAt: number;
  packet_id: string | undefined;
  trace_id: string | undefined;
}

/** Validates `input` and copies it as text, without building the object form; `now` stands in for a missing time. */
export function checkEpisode(input: EpisodeInput, now: number): CheckedEpisode {
  if (typeof input !== 'object' || input === null)
    throw new MemoryValidationError('episodic log: episode must be an object');
  return {
    id: flatUuid(),
    agent: requireNonEmpty(input.agent, 'episode.agent'),
    kind: requireNonEmpty(input.kind, 'episode.kind'),
    data: jsonObjectText(input.data, 'episode.data'),
    occurredAt:
      input.occurred_at === undefined ? now : toDate(input.occurred_at, 'episode.occurred_at').getTime(),
    packet_id:
      input.packet_id === undefined ? undefined : requireNonEmpty(input.packet_id, 'episode.packet_id'),
    trace_id: input.trace_id === undefined ? undefined : requireNonEmpty(input.trace_id, 'episode.trace_id'),
  };
}

/** The episode a checked one stands for, with fresh objects: its data parsed again, its time a new Date. */
export function episodeOf(checked: CheckedEpisode): Episode {
  const episode: Episode = {
    id: checked.id,
    agent: checked.agent,
    kind: checked.kind,
    data: JSON.parse(checked.data) as JsonObject,
    occurred_at: new Date(checked.occurredAt),
  };
  if (checked.packet_id !== undefined) episode.packet_id = checked.packet_id;
  if (checked.trace_id !== undefined) episode.trace_id = checked.trace_id;
  return episode;
}

export function toEpisode(input: EpisodeInput, now: Date): Episode {
  return episodeOf(checkEpisode(input, now.getTime()));
}

export function toDate(value: Date | string, where: string): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new MemoryValidationError(`${where}: "${String(value)}" is not a valid date`);
  return date;
}

export interface NormalizedQuery extends Omit<EpisodeQuery, 'since' | 'until' | 'limit' | 'order'> {
  since?: Date;
  until?: Date;
  limit: number;
  order: 'asc' | 'desc';
}

export function normalizeQuery(query: EpisodeQuery = {}): NormalizedQuery {
  const limit = query.limit ?? DEFAULT_QUERY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    throw new MemoryValidationError(
      `episode query: limit must be an integer from 1 to ${MAX_QUERY_LIMIT}, got ${String(query.limit)}`,
    );
  }
  const order = query.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc')
    throw new MemoryValidationError(`episode query: order must be "asc" or "desc"`);
  const normalized: NormalizedQuery = { limit, order };
  for (const field of ['agent', 'kind', 'trace_id', 'packet_id'] as const) {
    if (query[field] !== undefined)
      normalized[field] = requireNonEmpty(query[field], `episode query.${field}`);
  }
  if (query.since !== undefined) normalized.since = toDate(query.since, 'episode query.since');
  if (query.until !== undefined) normalized.until = toDate(query.until, 'episode query.until');
  return normalized;
}
