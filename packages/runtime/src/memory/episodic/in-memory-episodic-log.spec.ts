import { describeEpisodicLogContract } from '../testing/episodic-log-contract';
import { InMemoryEpisodicLog } from './in-memory-episodic-log';

describeEpisodicLogContract('in-memory', {
  create: async (retentionMs) => new InMemoryEpisodicLog({ retentionMs }),
});

describe('InMemoryEpisodicLog keeps each episode as text, so what it hands out is a fresh copy', () => {
  it('changing an episode returned by append or query leaves the stored one as it was', async () => {
    const log = new InMemoryEpisodicLog();
    const appended = await log.append({
      agent: 'a',
      kind: 'k',
      data: { nested: { value: 1 } },
      occurred_at: '2025-01-01T00:00:00.000Z',
    });
    (appended.data['nested'] as { value: number }).value = 2;
    appended.occurred_at.setTime(0);
    const [read] = await log.query();
    expect(read).toEqual({
      ...appended,
      data: { nested: { value: 1 } },
      occurred_at: new Date('2025-01-01'),
    });
    (read!.data['nested'] as { value: number }).value = 3;
    expect((await log.query())[0]!.data).toEqual({ nested: { value: 1 } });
  });

  it('prune keeps the newest episodes in order, and the bound still drops the oldest after it', async () => {
    let now = Date.UTC(2025, 0, 10);
    const log = new InMemoryEpisodicLog({ retentionMs: 1000, maxEpisodes: 3, clock: () => now });
    for (const n of [1, 2, 3]) {
      await log.append({ agent: 'a', kind: 'k', data: { n } });
      now += 600;
    }
    // Now 1800 ms after the first: only the third (1200) is younger than the 1000 ms retention.
    expect(await log.prune()).toBe(2);
    expect((await log.query()).map((episode) => episode.data['n'])).toEqual([3]);
    for (const n of [4, 5, 6]) await log.append({ agent: 'a', kind: 'k', data: { n } });
    expect((await log.query()).map((episode) => episode.data['n'])).toEqual([4, 5, 6]);
  });
});
