import { serviceUrl } from '../testing/service-urls';
import { InMemoryCausalHypergraph } from './causal/in-memory-causal-hypergraph';
import { PostgresCausalHypergraph } from './causal/postgres-causal-hypergraph';
import { createMemoryLayers } from './create-memory-layers';
import { InMemoryEpisodicLog } from './episodic/in-memory-episodic-log';
import { PostgresEpisodicLog } from './episodic/postgres-episodic-log';
import { PostgresDatabase } from './postgres/postgres-database';
import { InMemorySemanticGraph } from './semantic/in-memory-semantic-graph';
import { PostgresSemanticGraph } from './semantic/postgres-semantic-graph';
import { randomSuffix } from './testing/wait-for';
import { InMemoryWorkingMemory } from './working/in-memory-working-memory';
import { RedisWorkingMemory } from './working/redis-working-memory';

describe('createMemoryLayers', () => {
  it('runs everything in-process when no backend is configured', async () => {
    const layers = await createMemoryLayers({
      agentId: 'echoagent',
      keyspace: 'echoagent:working:*',
      ttlSeconds: 'TTL=60s',
    });
    expect(layers.working).toBeInstanceOf(InMemoryWorkingMemory);
    expect(layers.episodic).toBeInstanceOf(InMemoryEpisodicLog);
    expect(layers.semantic).toBeInstanceOf(InMemorySemanticGraph);
    expect(layers.causal).toBeInstanceOf(InMemoryCausalHypergraph);
    expect((await layers.healthAll()).map((h) => `${h.name}:${h.kind}:${h.status}`)).toEqual([
      'working-memory:memory:up',
      'episodic-log:memory:up',
      'semantic-graph:memory:up',
      'causal-hypergraph:memory:up',
    ]);
    await layers.close();
  });

  it('fails early on schema values it cannot read', async () => {
    await expect(createMemoryLayers({ agentId: 'a', ttlSeconds: 'TTL=5 fortnights' })).rejects.toThrow(
      /fortnights/,
    );
    await expect(createMemoryLayers({ agentId: 'a', retention: 'for a while' })).rejects.toThrow(/retention/);
    await expect(
      createMemoryLayers({ agentId: 'a', pgSchema: 'Bad-Name', postgresUrl: 'postgres://x' }),
    ).rejects.toThrow(/lower-case/);
  });

  const redisUrl = serviceUrl('redis');
  const postgresUrl = serviceUrl('postgres');
  if (redisUrl && postgresUrl) {
    it('uses Redis and PostgreSQL when their URLs are given, with the schema keyspace, TTL and retention', async () => {
      const run = randomSuffix();
      const pgSchema = `l9_test_${run}`;
      const layers = await createMemoryLayers({
        agentId: 'tensoraios',
        redisUrl,
        postgresUrl,
        keyspace: `l9test:${run}:working:*`,
        ttlSeconds: 'TTL=1hr',
        retention: '90 days',
        pgSchema,
      });
      try {
        expect(layers.working).toBeInstanceOf(RedisWorkingMemory);
        expect(layers.episodic).toBeInstanceOf(PostgresEpisodicLog);
        expect(layers.semantic).toBeInstanceOf(PostgresSemanticGraph);
        expect(layers.causal).toBeInstanceOf(PostgresCausalHypergraph);
        await layers.working.set('state', { ok: true });
        expect(await layers.working.keys()).toEqual(['state']);
        await layers.episodic.append({
          agent: 'tensoraios',
          kind: 'old',
          data: {},
          occurred_at: '2000-01-01T00:00:00Z',
        });
        expect(await layers.episodic.prune()).toBe(1);
        expect(await layers.health()).toMatchObject({ name: 'memory', status: 'up' });
        await layers.working.delete('state');
      } finally {
        await layers.close();
        const db = new PostgresDatabase({ url: postgresUrl, schema: pgSchema });
        await db.dropSchema();
        await db.close();
      }
    });
  }
});
