import type { BackendHealth } from '../../backend-health';
import { type Clock, systemClock } from '../clock';
import { DEFAULT_IN_PROCESS_MAX_RECORDS } from '../in-process-budget';
import { RecordRing } from '../record-ring';
import { type CheckedEpisode, checkEpisode, episodeOf, normalizeQuery, toDate } from './episode-input';
import type { Episode, EpisodeInput, EpisodeQuery, EpisodicLog, EpisodicLogOptions } from './episodic-log';

/**
 * Episodic log inside the agent process (lost on restart), of at most `maxEpisodes` episodes, the oldest dropped
 * first. Each episode is kept with its data as JSON text and its time as a number, parsed again only when read:
 * an agent appends an episode per call and reads them rarely, and the text holds a few hundred bytes where the
 * object tree it describes held several times that.
 */
export class InMemoryEpisodicLog implements EpisodicLog {
  private readonly episodes: RecordRing<CheckedEpisode>;
  private readonly clock: Clock;

  constructor(private readonly options: EpisodicLogOptions & { clock?: Clock; maxEpisodes?: number } = {}) {
    this.clock = options.clock ?? systemClock;
    this.episodes = new RecordRing(options.maxEpisodes ?? DEFAULT_IN_PROCESS_MAX_RECORDS);
  }

  async append(input: EpisodeInput): Promise<Episode> {
    const checked = checkEpisode(input, this.clock());
    this.episodes.push(checked);
    return episodeOf(checked);
  }

  async query(query?: EpisodeQuery): Promise<Episode[]> {
    const q = normalizeQuery(query);
    const since = q.since?.getTime();
    const until = q.until?.getTime();
    const matching: CheckedEpisode[] = [];
    for (const e of this.episodes) {
      if (
        (q.agent === undefined || e.agent === q.agent) &&
        (q.kind === undefined || e.kind === q.kind) &&
        (q.trace_id === undefined || e.trace_id === q.trace_id) &&
        (q.packet_id === undefined || e.packet_id === q.packet_id) &&
        (since === undefined || e.occurredAt >= since) &&
        (until === undefined || e.occurredAt < until)
      )
        matching.push(e);
    }
    // The ring iterates in append order and the sort is stable, so equal times stay in append order;
    // newest first is that order reversed.
    matching.sort((a, b) => a.occurredAt - b.occurredAt);
    if (q.order === 'desc') matching.reverse();
    return matching.slice(0, q.limit).map(episodeOf);
  }

  async prune(now?: Date): Promise<number> {
    const retention = this.options.retentionMs;
    if (retention === undefined || retention === null) return 0;
    const cutoff = (now ? toDate(now, 'prune(now)') : new Date(this.clock())).getTime() - retention;
    return this.episodes.retain((episode) => episode.occurredAt >= cutoff);
  }

  async health(): Promise<BackendHealth> {
    return { name: 'episodic-log', kind: 'memory', status: 'up', detail: `${this.episodes.size} episodes` };
  }

  async close(): Promise<void> {
    this.episodes.clear();
  }
}
