import { serviceUrl } from '../../testing/service-urls';
import { PostgresTestDatabases } from '../testing/postgres-test-databases';
import { describeSemanticGraphContract } from '../testing/semantic-graph-contract';
import { randomSuffix } from '../testing/wait-for';
import { InMemorySemanticGraph } from './in-memory-semantic-graph';
import { Neo4jSemanticGraph } from './neo4j-semantic-graph';
import { PostgresSemanticGraph } from './postgres-semantic-graph';

describeSemanticGraphContract('in-memory', { create: async () => new InMemorySemanticGraph() });

const postgresUrl = serviceUrl('postgres');
if (postgresUrl) {
  const databases = new PostgresTestDatabases(postgresUrl);
  afterAll(() => databases.dispose());
  describeSemanticGraphContract('PostgreSQL', {
    create: async () => new PostgresSemanticGraph({ db: await databases.create() }),
  });
}

const neo4jUrl = serviceUrl('neo4j');
if (neo4jUrl) {
  const location = new URL(neo4jUrl);
  describeSemanticGraphContract('Neo4j', {
    create: async () => {
      const graph = new Neo4jSemanticGraph({
        url: `${location.protocol}//${location.host}`,
        user: decodeURIComponent(location.username) || undefined,
        password: decodeURIComponent(location.password),
        graphLabel: `L9Test_${randomSuffix()}`,
      });
      // Each test's nodes carry their own label; removing them on close keeps the shared database clean.
      const close = graph.close.bind(graph);
      graph.close = async () => {
        await graph.deleteAll();
        await close();
      };
      return graph;
    },
  });
}
