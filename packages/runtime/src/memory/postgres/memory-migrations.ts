import type { Migration } from './migrations';

/** Tables of the episodic log, semantic graph and causal hypergraph. Append only: never edit a shipped entry. */
export const MEMORY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'episodic log',
    sql: `
      CREATE TABLE {schema}.episodes (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        agent text NOT NULL,
        kind text NOT NULL,
        packet_id text,
        trace_id text,
        data jsonb NOT NULL,
        occurred_at timestamptz NOT NULL
      );
      CREATE INDEX episodes_agent_time ON {schema}.episodes (agent, occurred_at, seq);
      CREATE INDEX episodes_trace ON {schema}.episodes (trace_id) WHERE trace_id IS NOT NULL;
      CREATE INDEX episodes_packet ON {schema}.episodes (packet_id) WHERE packet_id IS NOT NULL;`,
  },
  {
    version: 2,
    name: 'semantic graph',
    sql: `
      CREATE TABLE {schema}.semantic_nodes (
        id text PRIMARY KEY,
        labels text[] NOT NULL DEFAULT '{}',
        props jsonb NOT NULL DEFAULT '{}'
      );
      CREATE TABLE {schema}.semantic_edges (
        from_id text NOT NULL REFERENCES {schema}.semantic_nodes (id),
        relation text NOT NULL,
        to_id text NOT NULL REFERENCES {schema}.semantic_nodes (id),
        props jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (from_id, relation, to_id)
      );
      CREATE INDEX semantic_edges_to ON {schema}.semantic_edges (to_id, relation);`,
  },
  {
    version: 3,
    name: 'causal hypergraph',
    sql: `
      CREATE TABLE {schema}.causal_hyperedges (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        weight double precision NOT NULL CHECK (weight >= 0 AND weight <= 1),
        label text,
        evidence jsonb,
        causes text[] NOT NULL,
        effects text[] NOT NULL
      );
      CREATE INDEX causal_hyperedges_causes ON {schema}.causal_hyperedges USING gin (causes);
      CREATE INDEX causal_hyperedges_effects ON {schema}.causal_hyperedges USING gin (effects);`,
  },
];
