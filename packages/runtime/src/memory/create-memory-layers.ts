import type { Backend, BackendHealth } from '../backend-health';
import type { CausalHypergraph } from './causal/causal-hypergraph';
import { InMemoryCausalHypergraph } from './causal/in-memory-causal-hypergraph';
import { PostgresCausalHypergraph } from './causal/postgres-causal-hypergraph';
import type { EpisodicLog } from './episodic/episodic-log';
import { InMemoryEpisodicLog } from './episodic/in-memory-episodic-log';
import { PostgresEpisodicLog } from './episodic/postgres-episodic-log';
import { defaultKeyspace, keyspacePrefix } from './keyspace';
import { parseRetention } from './parse-retention';
import { parseTtl } from './parse-ttl';
import { PostgresDatabase } from './postgres/postgres-database';
import { connectRedis } from './redis-client';
import { InMemorySemanticGraph } from './semantic/in-memory-semantic-graph';
import { Neo4jSemanticGraph } from './semantic/neo4j-semantic-graph';
import { PostgresSemanticGraph } from './semantic/postgres-semantic-graph';
import type { SemanticGraph } from './semantic/semantic-graph';
import { InMemoryWorkingMemory } from './working/in-memory-working-memory';
import { RedisWorkingMemory } from './working/redis-working-memory';
import type { WorkingMemory } from './working/working-memory';

export interface MemoryLayersConfig {
  agentId: string;
  /** `L9_REDIS_URL`: working memory on Redis. */
  redisUrl?: string;
  /** `L9_POSTGRES_URL`: episodic log, causal hypergraph (and the semantic graph unless Neo4j is set) on PostgreSQL. */
  postgresUrl?: string;
  /** `L9_NEO4J_URL`: semantic graph on Neo4j; user and password may be given in the URL. */
  neo4jUrl?: string;
  /** Schema `workingmemory.keyspace`, e.g. `tensoraios:working:*`; `<agentId>:working:` when absent. */
  keyspace?: string;
  /** Default TTL: seconds, or the schema's text ("TTL=1hr"). */
  ttlSeconds?: number | string;
  /** Schema `episodicmemory.retention` ("90 days", "indefinite"). */
  retention?: string;
  /** PostgreSQL schema for the memory tables (default `l9_memory`). */
  pgSchema?: string;
  /** In process only: the most episodes and hyperedges each kept (`L9_MEMORY_MAX_RECORDS`, see in-process-budget.ts). */
  maxInProcessRecords?: number;
}

export interface MemoryLayers extends Backend {
  working: WorkingMemory;
  episodic: EpisodicLog;
  semantic: SemanticGraph;
  causal: CausalHypergraph;
  /** Health of each layer, for `/health` and `/status`. */
  healthAll(): Promise<BackendHealth[]>;
}

/**
 * Builds the four memory layers of an agent: a backend per configured URL, in-process otherwise.
 * Configuration mistakes (an unreadable TTL, a bad keyspace) fail here, before the agent serves anything.
 */
export async function createMemoryLayers(config: MemoryLayersConfig): Promise<MemoryLayers> {
  const prefix = config.keyspace ? keyspacePrefix(config.keyspace) : defaultKeyspace(config.agentId);
  const defaultTtlSeconds = parseTtl(config.ttlSeconds);
  const retentionMs = parseRetention(config.retention);
  const closers: Array<() => Promise<void>> = [];

  let working: WorkingMemory = new InMemoryWorkingMemory({ prefix, defaultTtlSeconds });
  if (config.redisUrl) {
    const redis = await connectRedis(config.redisUrl, { connectionName: `l9-${config.agentId}-working` });
    working = new RedisWorkingMemory({ redis, prefix, defaultTtlSeconds, ownsClient: true });
  }

  const maxRecords = config.maxInProcessRecords;
  let episodic: EpisodicLog = new InMemoryEpisodicLog({ retentionMs, maxEpisodes: maxRecords });
  let semantic: SemanticGraph = new InMemorySemanticGraph();
  let causal: CausalHypergraph = new InMemoryCausalHypergraph({ maxHyperedges: maxRecords });
  if (config.postgresUrl) {
    const db = new PostgresDatabase({
      url: config.postgresUrl,
      schema: config.pgSchema,
      applicationName: `l9-${config.agentId}`,
    });
    try {
      await db.ready();
    } catch (error) {
      await db.close();
      await working.close();
      throw new Error(`cannot prepare PostgreSQL memory at ${db.displayUrl}: ${(error as Error).message}`);
    }
    episodic = new PostgresEpisodicLog({ db, retentionMs });
    semantic = new PostgresSemanticGraph({ db });
    causal = new PostgresCausalHypergraph({ db });
    closers.push(() => db.close());
  }
  if (config.neo4jUrl) {
    const location = new URL(config.neo4jUrl);
    semantic = new Neo4jSemanticGraph({
      url: `${location.protocol}//${location.host}`,
      user: decodeURIComponent(location.username) || undefined,
      password: decodeURIComponent(location.password),
    });
  }

  const layers = [working, episodic, semantic, causal];
  const healthAll = () => Promise.all(layers.map((layer) => layer.health()));
  return {
    working,
    episodic,
    semantic,
    causal,
    healthAll,
    async health() {
      const all = await healthAll();
      const down = all.filter((entry) => entry.status === 'down');
      return {
        name: 'memory',
        kind: config.postgresUrl ? 'postgres' : config.redisUrl ? 'redis' : 'memory',
        status: down.length === 0 ? 'up' : 'down',
        detail:
          down.length === 0
            ? undefined
            : down.map((entry) => `${entry.name}: ${entry.detail ?? 'down'}`).join('; '),
      };
    },
    async close() {
      // Every layer is closed before the shared connections go; the first failure is reported.
      const results = await Promise.allSettled(layers.map((layer) => layer.close()));
      for (const close of closers) await close();
      const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
