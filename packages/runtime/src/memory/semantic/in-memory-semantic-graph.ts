import type { BackendHealth } from '../../backend-health';
import type { JsonObject } from '../json-value';
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

interface Edge {
  from: string;
  relation: string;
  to: string;
  props: JsonObject;
}

/** Semantic graph inside the agent process. */
export class InMemorySemanticGraph implements SemanticGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, Edge>();

  async upsertNode(id: string, labels: string[] = [], props?: JsonObject): Promise<GraphNode> {
    const added = checkNodeInput(id, labels, props);
    const node = this.ensure(added.id);
    node.labels = checkLabels([...node.labels, ...added.labels]);
    node.props = { ...node.props, ...added.props };
    return structuredClone(node);
  }

  async upsertEdge(from: string, relation: string, to: string, props?: JsonObject): Promise<void> {
    const edge = checkEdgeKey(from, relation, to);
    const incoming = checkProps(props);
    this.ensure(edge.from);
    this.ensure(edge.to);
    const key = JSON.stringify([edge.from, edge.relation, edge.to]);
    this.edges.set(key, { ...edge, props: { ...this.edges.get(key)?.props, ...incoming } });
  }

  async getNode(id: string): Promise<GraphNode | null> {
    const node = this.nodes.get(checkNodeId(id));
    return node ? structuredClone(node) : null;
  }

  async neighbors(
    id: string,
    options: { relation?: string; direction?: Direction } = {},
  ): Promise<Neighbor[]> {
    const { direction, relation } = checkNeighborQuery(id, options);
    const found: Neighbor[] = [];
    for (const edge of this.edges.values()) {
      if (relation !== undefined && edge.relation !== relation) continue;
      if (direction !== 'in' && edge.from === id) found.push(this.neighbor(edge, edge.to, 'out'));
      if (direction !== 'out' && edge.to === id) found.push(this.neighbor(edge, edge.from, 'in'));
    }
    return found.sort(compareNeighbors);
  }

  async health(): Promise<BackendHealth> {
    return {
      name: 'semantic-graph',
      kind: 'memory',
      status: 'up',
      detail: `${this.nodes.size} nodes, ${this.edges.size} edges`,
    };
  }

  async close(): Promise<void> {
    this.nodes.clear();
    this.edges.clear();
  }

  private ensure(id: string): GraphNode {
    let node = this.nodes.get(id);
    if (!node) {
      node = { id, labels: [], props: {} };
      this.nodes.set(id, node);
    }
    return node;
  }

  private neighbor(edge: Edge, otherId: string, direction: 'out' | 'in'): Neighbor {
    return {
      node: structuredClone(this.nodes.get(otherId)!),
      relation: edge.relation,
      direction,
      props: structuredClone(edge.props),
    };
  }
}
