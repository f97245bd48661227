import type { Driver } from 'neo4j-driver';
import { neo4jDriver } from '../../backend-drivers';
import type { BackendHealth } from '../../backend-health';
import type { JsonObject } from '../json-value';
import { describeError } from '../describe-error';
import {
  checkEdgeKey,
  checkLabels,
  checkNeighborQuery,
  checkNodeId,
  checkNodeInput,
  checkProps,
  compareNeighbors,
} from './graph-input';
import type { Direction, GraphNode, Neighbor, SemanticGraph } from './semantic-graph';

export interface Neo4jSemanticGraphOptions {
  url: string;
  user?: string;
  password?: string;
  database?: string;
  /**
   * Label every node of this graph carries, so several agents (or test runs) can share one database
   * without seeing each other's nodes. Must be a plain identifier.
   */
  graphLabel?: string;
}

/**
 * Semantic graph on Neo4j through Cypher MERGE. Labels and relation types are validated identifiers
 * (Cypher cannot take them as parameters); properties are kept as one JSON string per node and edge,
 * because Neo4j properties cannot hold nested objects.
 */
export class Neo4jSemanticGraph implements SemanticGraph {
  private readonly driver: Driver;
  private readonly graphLabel: string;

  constructor(private readonly options: Neo4jSemanticGraphOptions) {
    const neo4j = neo4jDriver();
    const auth = options.user ? neo4j.auth.basic(options.user, options.password ?? '') : undefined;
    this.driver = neo4j.driver(options.url, auth);
    this.graphLabel = checkLabels([options.graphLabel ?? 'L9Semantic'])[0]!;
  }

  async upsertNode(id: string, labels: string[] = [], props?: JsonObject): Promise<GraphNode> {
    const { labels: extra, props: incoming } = checkNodeInput(id, labels, props);
    const setLabels = extra.map((label) => `:\`${label}\``).join('');
    // Read and merge in one write transaction, so concurrent upserts of a node cannot lose properties.
    const rows = await this.inWriteTransaction(async (run) => {
      const current = await run(`MATCH (n:\`${this.graphLabel}\` {id: $id}) RETURN n.l9_props AS props`, {
        id,
      });
      return run(
        `MERGE (n:\`${this.graphLabel}\` {id: $id})
         ${setLabels ? `SET n${setLabels}` : ''}
         SET n.l9_props = $props
         RETURN n.id AS id, labels(n) AS labels, n.l9_props AS props`,
        { id, props: JSON.stringify({ ...parseProps(current[0]?.['props']), ...incoming }) },
      );
    });
    return this.toNode(rows[0]!);
  }

  async upsertEdge(from: string, relation: string, to: string, props?: JsonObject): Promise<void> {
    checkEdgeKey(from, relation, to);
    const incoming = checkProps(props);
    await this.inWriteTransaction(async (run) => {
      const existing = await run(
        `MATCH (:\`${this.graphLabel}\` {id: $from})-[r:\`${relation}\`]->(:\`${this.graphLabel}\` {id: $to}) RETURN r.l9_props AS props`,
        { from, to },
      );
      return run(
        `MERGE (a:\`${this.graphLabel}\` {id: $from}) ON CREATE SET a.l9_props = '{}'
         MERGE (b:\`${this.graphLabel}\` {id: $to}) ON CREATE SET b.l9_props = '{}'
         MERGE (a)-[r:\`${relation}\`]->(b)
         SET r.l9_props = $props`,
        { from, to, props: JSON.stringify({ ...parseProps(existing[0]?.['props']), ...incoming }) },
      );
    });
  }

  async getNode(id: string): Promise<GraphNode | null> {
    checkNodeId(id);
    const rows = await this.run(
      `MATCH (n:\`${this.graphLabel}\` {id: $id}) RETURN n.id AS id, labels(n) AS labels, n.l9_props AS props`,
      { id },
    );
    return rows[0] ? this.toNode(rows[0]) : null;
  }

  async neighbors(
    id: string,
    options: { relation?: string; direction?: Direction } = {},
  ): Promise<Neighbor[]> {
    const { direction, relation } = checkNeighborQuery(id, options);
    const type = relation === undefined ? '' : `:\`${relation}\``;
    const found: Neighbor[] = [];
    for (const side of direction === 'both' ? (['out', 'in'] as const) : [direction]) {
      const pattern = side === 'out' ? `(n)-[r${type}]->(m)` : `(n)<-[r${type}]-(m)`;
      const rows = await this.run(
        `MATCH (n:\`${this.graphLabel}\` {id: $id}) MATCH ${pattern} WHERE m:\`${this.graphLabel}\`
         RETURN type(r) AS relation, r.l9_props AS edgeProps, m.id AS id, labels(m) AS labels, m.l9_props AS props`,
        { id },
      );
      for (const row of rows) {
        found.push({
          node: this.toNode(row),
          relation: String(row['relation']),
          direction: side,
          props: parseProps(row['edgeProps']),
        });
      }
    }
    return found.sort(compareNeighbors);
  }

  async health(): Promise<BackendHealth> {
    try {
      await this.driver.verifyConnectivity({ database: this.options.database });
      return { name: 'semantic-graph', kind: 'neo4j', status: 'up', detail: `label ${this.graphLabel}` };
    } catch (error) {
      return { name: 'semantic-graph', kind: 'neo4j', status: 'down', detail: describeError(error) };
    }
  }

  /** Removes every node and edge of this graph's label (test clean-up, decommissioning an agent). */
  async deleteAll(): Promise<void> {
    await this.run(`MATCH (n:\`${this.graphLabel}\`) DETACH DELETE n`, {});
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  private async inWriteTransaction<T>(work: (run: CypherRunner) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.options.database });
    try {
      return await session.executeWrite((tx) =>
        work(async (cypher, params) =>
          (await tx.run(cypher, params)).records.map((record) => record.toObject() as Row),
        ),
      );
    } finally {
      await session.close();
    }
  }

  private async run(
    cypher: string,
    params: Record<string, unknown>,
  ): Promise<Array<Record<string, unknown>>> {
    const result = await this.driver.executeQuery(cypher, params, { database: this.options.database });
    return result.records.map((record) => record.toObject() as Record<string, unknown>);
  }

  private toNode(row: Record<string, unknown>): GraphNode {
    const labels = (row['labels'] as string[]).filter((label) => label !== this.graphLabel).sort();
    return { id: String(row['id']), labels, props: parseProps(row['props']) };
  }
}

type Row = Record<string, unknown>;
type CypherRunner = (cypher: string, params: Record<string, unknown>) => Promise<Row[]>;

function parseProps(value: unknown): JsonObject {
  return typeof value === 'string' ? (JSON.parse(value) as JsonObject) : {};
}
