import type { BackendHealth } from '../../backend-health';
import type { JsonObject } from '../json-value';
import { PostgresWrites } from '../postgres/postgres-writes';
import type { PostgresDatabase } from '../postgres/postgres-database';
import {
  checkEdgeKey,
  checkNeighborQuery,
  checkNodeId,
  checkNodeInput,
  checkProps,
  compareNeighbors,
} from './graph-input';
import type { Direction, GraphNode, Neighbor, SemanticGraph } from './semantic-graph';

export interface PostgresSemanticGraphOptions {
  db: PostgresDatabase;
}

interface NeighborRow {
  relation: string;
  direction: 'out' | 'in';
  edge_props: JsonObject;
  id: string;
  labels: string[];
  props: JsonObject;
}

/** Semantic graph in PostgreSQL tables (`semantic_nodes`, `semantic_edges`); a write resolves once it is stored. */
export class PostgresSemanticGraph implements SemanticGraph {
  private readonly writes: PostgresWrites;
  private readonly nodes: string;
  private readonly edges: string;

  constructor(options: PostgresSemanticGraphOptions) {
    this.writes = new PostgresWrites(options.db, 'semantic-graph');
    this.nodes = options.db.table('semantic_nodes');
    this.edges = options.db.table('semantic_edges');
  }

  async upsertNode(id: string, labels: string[] = [], props?: JsonObject): Promise<GraphNode> {
    const checked = checkNodeInput(id, labels, props);
    const [stored] = await this.writes.write<GraphNode>(
      `upsert node ${id}`,
      `INSERT INTO ${this.nodes} (id, labels, props) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET
         labels = ARRAY(SELECT DISTINCT unnest(${this.nodes}.labels || EXCLUDED.labels) ORDER BY 1),
         props = ${this.nodes}.props || EXCLUDED.props
       RETURNING id, labels, props`,
      [checked.id, checked.labels, checked.props],
    );
    // The node as merged with what was stored before, read back in the same statement.
    return stored ?? checked;
  }

  async upsertEdge(from: string, relation: string, to: string, props?: JsonObject): Promise<void> {
    checkEdgeKey(from, relation, to);
    await this.writes.write(
      `upsert edge ${from} -${relation}-> ${to}`,
      `WITH ensured AS (
         INSERT INTO ${this.nodes} (id) VALUES ($1), ($3) ON CONFLICT (id) DO NOTHING
       )
       INSERT INTO ${this.edges} (from_id, relation, to_id, props) VALUES ($1, $2, $3, $4)
       ON CONFLICT (from_id, relation, to_id) DO UPDATE SET props = ${this.edges}.props || EXCLUDED.props`,
      [from, relation, to, checkProps(props)],
    );
  }

  async getNode(id: string): Promise<GraphNode | null> {
    checkNodeId(id);
    const rows = await this.writes.read<GraphNode>(
      `SELECT id, labels, props FROM ${this.nodes} WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async neighbors(
    id: string,
    options: { relation?: string; direction?: Direction } = {},
  ): Promise<Neighbor[]> {
    const { direction, relation } = checkNeighborQuery(id, options);
    const rows = await this.writes.read<NeighborRow>(
      `SELECT e.relation, 'out' AS direction, e.props AS edge_props, n.id, n.labels, n.props
         FROM ${this.edges} e JOIN ${this.nodes} n ON n.id = e.to_id
        WHERE $3 <> 'in' AND e.from_id = $1 AND ($2::text IS NULL OR e.relation = $2)
       UNION ALL
       SELECT e.relation, 'in' AS direction, e.props AS edge_props, n.id, n.labels, n.props
         FROM ${this.edges} e JOIN ${this.nodes} n ON n.id = e.from_id
        WHERE $3 <> 'out' AND e.to_id = $1 AND ($2::text IS NULL OR e.relation = $2)`,
      [id, relation ?? null, direction],
    );
    return rows
      .map((row) => ({
        node: { id: row.id, labels: row.labels, props: row.props },
        relation: row.relation,
        direction: row.direction,
        props: row.edge_props,
      }))
      .sort(compareNeighbors);
  }

  health(): Promise<BackendHealth> {
    return this.writes.health();
  }

  async close(): Promise<void> {
    // The pool is the database's, closed by whoever opened it.
  }
}
