import { randomUUID } from 'node:crypto';
import { MemoryValidationError } from '../errors';
import { copyJsonObject, requireNonEmpty } from '../json-value';
import type { Episode, EpisodeInput, EpisodeQuery } from './episodic-log';

export const DEFAULT_QUERY_LIMIT = 100;
export const MAX_QUERY_LIMIT = 10_000;

export function toEpisode(input: EpisodeInput, now: Date): Episode {
  if (typeof input !== 'object' || input === null)
    throw new MemoryValidationError('episodic log: episode must be an object');
  const episode: Episode = {
    id: randomUUID(),
    agent: requireNonEmpty(input.agent, 'episode.agent'),
    kind: requireNonEmpty(input.kind, 'episode.kind'),
    data: copyJsonObject(input.data, 'episode.data'),
    occurred_at: input.occurred_at === undefined ? now : toDate(input.occurred_at, 'episode.occurred_at'),
  };
  if (input.packet_id !== undefined)
    episode.packet_id = requireNonEmpty(input.packet_id, 'episode.packet_id');
  if (input.trace_id !== undefined) episode.trace_id = requireNonEmpty(input.trace_id, 'episode.trace_id');
  return episode;
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
