import { serviceUrl } from '../../testing/service-urls';
import { describeCausalHypergraphContract } from '../testing/causal-hypergraph-contract';
import { PostgresTestDatabases } from '../testing/postgres-test-databases';
import { InMemoryCausalHypergraph } from './in-memory-causal-hypergraph';
import { PostgresCausalHypergraph } from './postgres-causal-hypergraph';

describeCausalHypergraphContract('in-memory', { create: async () => new InMemoryCausalHypergraph() });

const url = serviceUrl('postgres');
if (url) {
  const databases = new PostgresTestDatabases(url);
  afterAll(() => databases.dispose());
  describeCausalHypergraphContract('PostgreSQL', {
    create: async () => new PostgresCausalHypergraph({ db: await databases.create() }),
  });
}

describe('InMemoryCausalHypergraph keeps evidence as text, so what it hands out is a fresh copy', () => {
  it('changing a hyperedge read back leaves the stored one as it was', async () => {
    const graph = new InMemoryCausalHypergraph();
    const evidence = { runs: [1, 2] };
    await graph.addHyperedge({ causes: ['a'], effects: ['b'], weight: 0.5, evidence });
    evidence.runs.push(3);
    const [read] = await graph.causesOf('b');
    (read!.evidence!['runs'] as number[]).push(4);
    read!.causes.push('c');
    expect(await graph.causesOf('b')).toEqual([
      { id: read!.id, causes: ['a'], effects: ['b'], weight: 0.5, evidence: { runs: [1, 2] } },
    ]);
  });
});
