import { InMemoryCausalHypergraph } from './causal/in-memory-causal-hypergraph';
import { createMemoryLayers } from './create-memory-layers';
import { InMemoryEpisodicLog } from './episodic/in-memory-episodic-log';
import { DEFAULT_IN_PROCESS_MAX_RECORDS } from './in-process-budget';

describe('in-process memory keeps a bounded number of records, the oldest dropped first', () => {
  it('the episodic log keeps the last maxEpisodes episodes', async () => {
    const log = new InMemoryEpisodicLog({ maxEpisodes: 3 });
    for (let call = 1; call <= 5; call += 1)
      await log.append({ agent: 'desk', kind: 'call', data: { call } });
    expect((await log.query({ order: 'asc' })).map((episode) => episode.data)).toEqual([
      { call: 3 },
      { call: 4 },
      { call: 5 },
    ]);
    expect((await log.health()).detail).toBe('3 episodes');
  });

  it('the causal hypergraph keeps the last maxHyperedges hyperedges', async () => {
    const graph = new InMemoryCausalHypergraph({ maxHyperedges: 2 });
    for (const step of ['a', 'b', 'c'])
      await graph.addHyperedge({ causes: [`cause-${step}`], effects: ['decision'], weight: 0.5 });
    expect((await graph.causesOf('decision')).map((edge) => edge.causes[0]).sort()).toEqual([
      'cause-b',
      'cause-c',
    ]);
    expect(await graph.effectsOf('cause-a')).toEqual([]);
  });

  it('an agent without PostgreSQL gets the budget it was configured with, and the default without one', async () => {
    const bounded = await createMemoryLayers({ agentId: 'desk', maxInProcessRecords: 1 });
    await bounded.episodic.append({ agent: 'desk', kind: 'call', data: { call: 1 } });
    await bounded.episodic.append({ agent: 'desk', kind: 'call', data: { call: 2 } });
    expect((await bounded.episodic.query()).map((episode) => episode.data)).toEqual([{ call: 2 }]);
    await bounded.close();

    const defaulted = await createMemoryLayers({ agentId: 'desk' });
    for (let call = 0; call <= DEFAULT_IN_PROCESS_MAX_RECORDS; call += 1)
      await defaulted.causal.addHyperedge({ causes: [`c${call}`], effects: ['e'], weight: 1 });
    expect(await defaulted.causal.causesOf('e')).toHaveLength(DEFAULT_IN_PROCESS_MAX_RECORDS);
    await defaulted.close();
  });
});
