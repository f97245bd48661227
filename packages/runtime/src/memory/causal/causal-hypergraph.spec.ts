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
