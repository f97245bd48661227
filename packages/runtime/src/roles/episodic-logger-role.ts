import type { AgentRuntime } from '../agent/agent-runtime';
import type { Episode } from '../memory/episodic/episodic-log';
import type { JsonObject } from '../memory/json-value';
import { appendAgentEpisode, type EpisodeContext } from './agent-episode';

export interface EpisodicLoggerOptions {
  /** Kinds are written as `<scope>.<kind>`, keeping this logger's episodes apart from the runtime's own. */
  scope?: string;
  /** Data fields the schema indexes episodes by (`episodicmemory.indexby`): the fields `find` may filter on. */
  indexBy?: string[];
}

export interface EpisodeFilter {
  kind?: string;
  traceId?: string;
  since?: Date | string;
  limit?: number;
  /** Equality on indexed data fields. */
  where?: Record<string, string | number | boolean>;
}

/**
 * This agent's history as it chooses to tell it: episodes of named kinds under its scope, with the
 * schema's index fields to look them up by. Only the agent's own episodes are ever returned.
 */
export class EpisodicLoggerRole {
  private readonly scope: string;
  private readonly indexBy: readonly string[];

  constructor(
    private readonly runtime: AgentRuntime,
    options: EpisodicLoggerOptions = {},
  ) {
    this.scope = options.scope ?? runtime.identity.id;
    this.indexBy = options.indexBy ?? [];
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(this.scope))
      throw new RangeError(`episode scope '${this.scope}' must be letters, digits, '.', '_' or '-'`);
  }

  get indexes(): readonly string[] {
    return this.indexBy;
  }

  log(kind: string, data: JsonObject, context: EpisodeContext = {}): Promise<Episode> {
    return appendAgentEpisode(this.runtime, `${this.scope}.${kind}`, data, context);
  }

  /** Episodes of this scope (one kind, or all), oldest first, optionally by indexed field values. */
  async find(filter: EpisodeFilter = {}): Promise<Episode[]> {
    const where = Object.entries(filter.where ?? {});
    const unindexed = where.map(([field]) => field).filter((field) => !this.indexBy.includes(field));
    if (unindexed.length > 0) {
      throw new RangeError(
        `cannot filter episodes by ${unindexed.join(', ')}: ${this.runtime.identity.name} indexes ${this.indexBy.join(', ') || 'no fields'}`,
      );
    }
    const episodes = await this.runtime.memory.episodic.query({
      agent: this.runtime.identity.id,
      ...(filter.kind ? { kind: `${this.scope}.${filter.kind}` } : {}),
      ...(filter.traceId ? { trace_id: filter.traceId } : {}),
      ...(filter.since ? { since: filter.since } : {}),
      limit: where.length > 0 ? 10_000 : (filter.limit ?? 100),
    });
    const scoped = episodes.filter(
      (episode) =>
        episode.kind.startsWith(`${this.scope}.`) &&
        where.every(([field, value]) => episode.data[field] === value),
    );
    return scoped.slice(0, filter.limit ?? 100);
  }
}
