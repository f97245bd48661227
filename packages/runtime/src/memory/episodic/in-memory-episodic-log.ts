import type { BackendHealth } from '../../backend-health';
import { type Clock, systemClock } from '../clock';
import { DEFAULT_IN_PROCESS_MAX_RECORDS, dropOldest } from '../in-process-budget';
import { normalizeQuery, toDate, toEpisode } from './episode-input';
import type { Episode, EpisodeInput, EpisodeQuery, EpisodicLog, EpisodicLogOptions } from './episodic-log';

/** Episodic log inside the agent process (lost on restart), of at most `maxEpisodes` episodes, the oldest dropped first. */
export class InMemoryEpisodicLog implements EpisodicLog {
  private episodes: Array<{ seq: number; episode: Episode }> = [];
  private nextSeq = 0;
  private readonly clock: Clock;

  constructor(private readonly options: EpisodicLogOptions & { clock?: Clock; maxEpisodes?: number } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async append(input: EpisodeInput): Promise<Episode> {
    const episode = toEpisode(input, new Date(this.clock()));
    this.episodes.push({ seq: (this.nextSeq += 1), episode });
    dropOldest(this.episodes, this.options.maxEpisodes ?? DEFAULT_IN_PROCESS_MAX_RECORDS);
    return structuredClone(episode);
  }

  async query(query?: EpisodeQuery): Promise<Episode[]> {
    const q = normalizeQuery(query);
    const matching = this.episodes.filter(({ episode: e }) => {
      const time = e.occurred_at.getTime();
      return (
        (q.agent === undefined || e.agent === q.agent) &&
        (q.kind === undefined || e.kind === q.kind) &&
        (q.trace_id === undefined || e.trace_id === q.trace_id) &&
        (q.packet_id === undefined || e.packet_id === q.packet_id) &&
        (q.since === undefined || time >= q.since.getTime()) &&
        (q.until === undefined || time < q.until.getTime())
      );
    });
    const direction = q.order === 'asc' ? 1 : -1;
    matching.sort(
      (a, b) =>
        direction * (a.episode.occurred_at.getTime() - b.episode.occurred_at.getTime() || a.seq - b.seq),
    );
    return matching.slice(0, q.limit).map(({ episode }) => structuredClone(episode));
  }

  async prune(now?: Date): Promise<number> {
    const retention = this.options.retentionMs;
    if (retention === undefined || retention === null) return 0;
    const cutoff = (now ? toDate(now, 'prune(now)') : new Date(this.clock())).getTime() - retention;
    const before = this.episodes.length;
    this.episodes = this.episodes.filter(({ episode }) => episode.occurred_at.getTime() >= cutoff);
    return before - this.episodes.length;
  }

  async health(): Promise<BackendHealth> {
    return { name: 'episodic-log', kind: 'memory', status: 'up', detail: `${this.episodes.length} episodes` };
  }

  async close(): Promise<void> {
    this.episodes = [];
  }
}
